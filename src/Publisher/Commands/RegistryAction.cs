using System.CommandLine;
using Hotswap.Registry;

namespace Hotswap.Publisher.Commands;

public static class RegistryAction
{
    /// <summary>
    /// Gives a command an action that opens the selected store and turns expected failures into
    /// <c>error: …</c> on stderr and an exit code.
    /// </summary>
    public static void SetRegistryAction(this Command command, CliContext cli, StoreSelection store, Func<ParseResult, ModelRegistry, CancellationToken, Task> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var registry = ModelRegistry.Create(store.Resolve(parse, cli.Configuration), cli.Time, StoreSelection.ResolveMlflow(cli.Configuration));
                await action(parse, registry, cancellationToken);
                return ExitCodes.Success;
            }
            catch (UsageException e)
            {
                cli.Error.WriteLine(ExpectedErrors.OneLine(e));
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cli.Error.WriteLine($"error: {command.Name} was cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (ExpectedErrors.IsExpected(e))
            {
                cli.Error.WriteLine(ExpectedErrors.OneLine(e));
                return ExitCodes.Failure;
            }
        });
}
