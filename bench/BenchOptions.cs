namespace Hotswap.Bench;

/// <summary><c>[--quick] [--out DIR] [--only NAME,...]</c>.</summary>
public sealed record BenchOptions(bool Quick, string OutputDirectory, IReadOnlySet<string> Only)
{
    public const string Usage = "usage: Hotswap.Bench [--quick] [--out DIR] [--only NAME,...]   (noop-server --urls URL: the no-op app)";

    public static BenchOptions Parse(IReadOnlyList<string> args, string defaultOutput)
    {
        var quick = false;
        string? output = null;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case "--only" when i + 1 < args.Count:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. {Usage}");
            }
        }

        return new BenchOptions(quick, Path.GetFullPath(output ?? defaultOutput), only);
    }
}
