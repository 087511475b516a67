using System.CommandLine;
using Hotswap.Registry.Commands;

namespace Hotswap.Publisher.Commands;

public static class UnpinCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("unpin", "Releases a pin: the fleet follows the newest version again.") { model, reason };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var entry = (await cli.Commands(registry).ApplyAsync(new Unpin(parse.GetRequiredValue(model), parse.GetValue(reason)), cli.Actor, cancellationToken))!;
            cli.Out.WriteLine($"{parse.GetRequiredValue(model)} unpinned; desired version {entry.Version}: {entry.Reason}");
        });
        return command;
    }
}
