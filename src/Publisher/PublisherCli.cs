using System.CommandLine;
using System.CommandLine.Invocation;
using Hotswap.Publisher.Commands;

namespace Hotswap.Publisher;

/// <summary>The publisher's command tree, built around a <see cref="CliContext"/> so tests can run it in-process.</summary>
public static class PublisherCli
{
    public static RootCommand Build(CliContext cli)
    {
        var store = new StoreSelection();
        var root = new RootCommand("Publishes ONNX model versions (MLflow format) to a Hotswap model store and steers which version the fleet serves.")
        {
            store.Store,
            store.ServiceUrl,
        };
        Command[] commands =
        [
            TrainCommand.Create(cli, store),
            ImportCommand.Create(cli, store),
            ListCommand.Create(cli, store),
            VersionsCommand.Create(cli, store),
            PinCommand.Create(cli, store),
            UnpinCommand.Create(cli, store),
            RollbackCommand.Create(cli, store),
            FollowCommand.Create(cli, store),
            FollowCommand.CreateUnfollow(cli, store),
            AuditCommand.Create(cli, store),
            HashTokenCommand.Create(cli),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Runs one command line: 0 on success, 1 when the work failed, 2 when the command line is wrong.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var parse = Build(cli).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                cli.Error.WriteLine($"error: {error.Message}");
            }

            cli.Error.WriteLine("Run with --help for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = cli.Out, Error = cli.Error }, cancellationToken);
    }
}
