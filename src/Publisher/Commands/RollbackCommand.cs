using System.CommandLine;
using Hotswap.Registry.Commands;

namespace Hotswap.Publisher.Commands;

public static class RollbackCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var reason = CommonOptions.Reason("Why, recorded in the desired state.", required: true);
        var command = new Command("rollback", "Goes back to the version served before the current one, and pins it there.") { model, reason };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var entry = (await cli.Commands(registry).ApplyAsync(new Rollback(parse.GetRequiredValue(model), parse.GetRequiredValue(reason)), cli.Actor, cancellationToken))!;
            cli.Out.WriteLine($"{parse.GetRequiredValue(model)} rolled back to version {entry.Version} and pinned there: {entry.Reason}");
        });
        return command;
    }
}
