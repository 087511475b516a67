using System.CommandLine;
using Hotswap.Registry.Commands;

namespace Hotswap.Publisher.Commands;

public static class PinCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var version = CommonOptions.Version("The version the whole fleet should serve until unpinned.", required: true);
        var reason = CommonOptions.Reason("Why, recorded in the desired state.", required: true);
        var command = new Command("pin", "Holds the fleet on one version: publishing newer versions no longer advances it.") { model, version, reason };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var entry = (await cli.Commands(registry).ApplyAsync(new PinVersion(parse.GetRequiredValue(model), parse.GetRequiredValue(version), parse.GetRequiredValue(reason)), cli.Actor, cancellationToken))!;
            cli.Out.WriteLine($"{parse.GetRequiredValue(model)} pinned to version {entry.Version}: {entry.Reason}");
        });
        return command;
    }
}
