using System.CommandLine;
using System.Globalization;
using Hotswap.Contracts.Models;
using Hotswap.Publisher.Publishing;

namespace Hotswap.Publisher.Commands;

public static class VersionsCommand
{
    private const int Sha256PrefixLength = 12;

    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var command = new Command("versions", "Lists a model's published versions, newest first.") { model };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(model);
            var versions = await registry.ListVersionsAsync(name, cancellationToken);
            if (versions.Count == 0)
            {
                cli.Out.WriteLine($"{name} has no published version in {registry.Location}");
                return;
            }

            var table = new TextTable("VERSION", "CREATED", "SIZE", "SHA256", "VERIFIED BY", "SIGNATURE", "METRICS");
            foreach (var v in versions)
            {
                table.Add(
                    v.Version,
                    v.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-",
                    Sizes.Format(v.SizeBytes),
                    v.Sha256?[..Math.Min(Sha256PrefixLength, v.Sha256.Length)] ?? "-",
                    v.Verification,
                    v.Error ?? Describe(v.Signature),
                    string.Join(" ", v.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:G4}"))));
            }

            table.WriteTo(cli.Out);
        });
        return command;
    }

    private static string Describe(ModelSignature signature) =>
        $"{string.Join(", ", signature.Inputs)} -> {string.Join(", ", signature.Outputs)}";
}
