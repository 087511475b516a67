using System.CommandLine;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Mlflow;

namespace Hotswap.Publisher.Commands;

/// <summary>
/// <c>follow</c>: a model follows an alias (or the latest version) of MLflow's registry from now on; <c>unfollow</c>
/// stops that. Following asks MLflow (<c>MLflow__TrackingUri</c>, <c>MLflow__Token</c>) where the URI points now and
/// moves the model there at once; the dashboard keeps it following afterwards.
/// </summary>
public static class FollowCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var uri = new Argument<string>("models-uri") { Description = "models:/NAME@ALIAS, or models:/NAME/latest, in MLflow's registry." };
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("follow", "Makes a model follow an alias of MLflow's model registry: moving the alias in MLflow moves the fleet.") { model, uri, reason };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var followed = MlflowModelUri.TryParse(parse.GetRequiredValue(uri), out var parsed, out var problem) ? parsed : throw new UsageException(problem);
            var mlflowOptions = StoreSelection.ResolveMlflow(cli.Configuration);
            if (!mlflowOptions.FollowsRegistry)
            {
                throw new UsageException("no MLflow tracking server: set MLflow__TrackingUri (and MLflow__Token or MLflow__Username/MLflow__Password if it needs them).");
            }

            using var http = new HttpClient();
            MlflowConnection.Configure(http, mlflowOptions);
            var mlflow = new MlflowRegistryClient(http);
            var version = await mlflow.ResolveAsync(followed, cancellationToken);
            if (!version.IsReady)
            {
                throw new CommandRefusedException($"{followed} points at version {version.Version}, which MLflow reports {version.Status}: follow it once it is READY.");
            }

            var path = await mlflow.ArtifactLocationAsync(version, cancellationToken);
            var entry = (await cli.Commands(registry).ApplyAsync(new Follow(parse.GetRequiredValue(model), followed, version.Version, path, parse.GetValue(reason)), cli.Actor, cancellationToken))!;
            cli.Out.WriteLine($"{parse.GetRequiredValue(model)} follows {followed}: version {entry.Version}{(entry.Pinned ? " (pinned: it follows once unpinned)" : "")} at {entry.Path}");
        });
        return command;
    }

    public static Command CreateUnfollow(CliContext cli, StoreSelection store)
    {
        var model = CommonOptions.Model();
        var reason = CommonOptions.Reason("Why, recorded in the desired state.");
        var command = new Command("unfollow", "Stops following MLflow's registry: the model stays on its version, and publishing advances it again.") { model, reason };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            var entry = (await cli.Commands(registry).ApplyAsync(new Unfollow(parse.GetRequiredValue(model), parse.GetValue(reason)), cli.Actor, cancellationToken))!;
            cli.Out.WriteLine($"{parse.GetRequiredValue(model)} no longer follows MLflow's registry; it stays on version {entry.Version}");
        });
        return command;
    }
}
