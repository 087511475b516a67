using System.Text.RegularExpressions;
using Hotswap.Testing;

namespace Hotswap.InferenceHost.Tests.Architecture;

/// <summary>
/// The host's folders depend on one another in one direction: Serving (the served model, its slot, a request's
/// inputs and outputs, the predictor) at the bottom, Rollouts above it, Swapping above both, and what needs all three
/// (the request's orchestration, trial versions, the guard) above them; the hub reads the status, never the other
/// way round. Edges are read from the sources themselves:
/// a file of folder A that names <c>Hotswap.InferenceHost.B</c> (a using line or a fully-qualified name) depends on B.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string[] Layers = ["Serving", "Rollouts", "Swapping"];

    [Fact]
    public void Serving_Rollouts_and_Swapping_depend_on_one_another_without_a_cycle()
    {
        var edges = Edges(Layers);

        var cycles = Cycles(edges);

        Assert.True(cycles.Count == 0, "Dependency cycles between host folders:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Status_and_Hubs_depend_on_one_another_without_a_cycle()
    {
        var edges = Edges(["Status", "Hubs"]);

        var cycles = Cycles(edges);

        Assert.True(cycles.Count == 0, "Dependency cycles between host folders:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_scan_finds_the_dependencies_the_sources_declare()
    {
        var edges = Edges(Layers);

        Assert.Contains(("Swapping", "Serving"), edges.Keys);
        Assert.Contains(("Rollouts", "Serving"), edges.Keys);
        Assert.Contains(("Hubs", "Status"), Edges(["Status", "Hubs"]).Keys);
    }

    /// <summary>Every edge between <paramref name="folders"/> of src/InferenceHost, with the files that make it.</summary>
    private static Dictionary<(string From, string To), List<string>> Edges(IReadOnlyCollection<string> folders)
    {
        var root = Path.Combine(RepositoryRoot.Path, "src", "InferenceHost");
        var edges = new Dictionary<(string From, string To), List<string>>();
        foreach (var from in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, from), "*.cs", SearchOption.AllDirectories))
            {
                var named = HostNamespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value);
                foreach (var to in named.Distinct().Where(to => to != from && folders.Contains(to)))
                {
                    var key = (from, to);
                    if (!edges.TryGetValue(key, out var files))
                    {
                        edges[key] = files = [];
                    }

                    files.Add(Path.GetRelativePath(root, file));
                }
            }
        }

        return edges;
    }

    /// <summary>Each pair of folders that reach each other, as "A -> B (files) and B -> ... -> A".</summary>
    private static List<string> Cycles(Dictionary<(string From, string To), List<string>> edges)
    {
        var cycles = new List<string>();
        foreach (var ((from, to), files) in edges)
        {
            if (PathBetween(edges, to, from) is { } back)
            {
                cycles.Add($"{from} -> {to} ({string.Join(", ", files)}), and back: {string.Join(" -> ", back)}");
            }
        }

        return cycles;
    }

    /// <summary>A path of folders from <paramref name="start"/> to <paramref name="goal"/>, breadth first; null when none.</summary>
    private static List<string>? PathBetween(Dictionary<(string From, string To), List<string>> edges, string start, string goal)
    {
        var cameFrom = new Dictionary<string, string?> { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            if (folder == goal)
            {
                var path = new List<string>();
                for (string? at = goal; at is not null; at = cameFrom[at])
                {
                    path.Insert(0, at);
                }

                return path;
            }

            foreach (var next in edges.Keys.Where(e => e.From == folder).Select(e => e.To).Where(next => !cameFrom.ContainsKey(next)))
            {
                cameFrom[next] = folder;
                queue.Enqueue(next);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bHotswap\.InferenceHost\.([A-Za-z]+)\b")]
    private static partial Regex HostNamespace();
}
