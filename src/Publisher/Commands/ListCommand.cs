using System.CommandLine;

namespace Hotswap.Publisher.Commands;

public static class ListCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var command = new Command("list", "Lists the models in the store with the version the fleet should serve and whether it is pinned.");
        command.SetRegistryAction(cli, store, async (_, registry, cancellationToken) =>
        {
            var models = await registry.ListModelsAsync(cancellationToken);
            if (models.Count == 0)
            {
                cli.Out.WriteLine($"no models in {registry.Location}");
                return;
            }

            var desired = (await registry.DesiredState.ReadAsync(cancellationToken)).Document;
            var table = new TextTable("MODEL", "DESIRED", "PINNED", "REASON");
            foreach (var model in models)
            {
                var entry = desired.Find(model);
                table.Add(model, entry?.Version ?? "-", entry is { Pinned: true } ? "yes" : "no", entry?.Reason ?? "");
            }

            table.WriteTo(cli.Out);
        });
        return command;
    }
}
