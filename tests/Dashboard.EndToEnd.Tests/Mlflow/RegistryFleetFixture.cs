using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Mlflow;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Dashboard.EndToEnd.Tests.Mlflow;

/// <summary>
/// MLflow as a team runs it beside Hotswap: the tracking server (the stand-in) registers two versions of
/// <c>iris-mlflow</c> whose files are in its artifact bucket on s3rver, <c>@champion</c> on version 1; the store's
/// <c>iris_model</c> follows <c>models:/iris-mlflow@champion</c>; a dashboard process with <c>MLflow:TrackingUri</c>;
/// and two host processes that read the store once an hour and know only the dashboard's URL.
/// </summary>
internal sealed class RegistryFleetFixture : IAsyncDisposable
{
    public const string Secret = "mlflow-fleet-tests-webhook-secret";
    public const string Registered = "iris-mlflow";
    private const string FleetToken = "mlflow-fleet-tests-fleet-token-8f2a61c9d4";

    private RegistryFleetFixture(MlflowStandIn mlflow, DashboardProcess dashboard, IReadOnlyList<InferenceHostProcess> hosts)
    {
        Mlflow = mlflow;
        Dashboard = dashboard;
        Hosts = hosts;
    }

    public MlflowStandIn Mlflow { get; }

    public DashboardProcess Dashboard { get; }

    public IReadOnlyList<InferenceHostProcess> Hosts { get; }

    public MlflowWebhookSender Webhooks { get; } = new(Secret);

    public Uri WebhookUrl => new(new Uri(Dashboard.BaseUrl), "/webhooks/mlflow");

    public static async Task<RegistryFleetFixture> StartAsync(S3rverProcess server, TimeSpan pollInterval)
    {
        var store = new ModelStoreScenario(server);
        var mlflow = await MlflowStandIn.StartAsync();
        foreach (var n in new[] { 1, 2 })
        {
            // y = x·[1, 1, 1] + n: a prediction says which version answered.
            await MlflowFixtures.WriteModelAsync(server, store.Prefix, ArtifactPath(n), GeneratedModel.Linear([1f, 1f, 1f], n).ToOnnx());
            mlflow.Registry.CreateVersion(Registered, $"mlflow-artifacts:/{ArtifactPath(n)}");
        }

        mlflow.Registry.SetAlias(Registered, "champion", "1");
        var mlflowSettings = MlflowFixtures.Settings(store.Prefix);
        await Following(store, mlflowSettings).Commands().ApplyAsync(
            new Follow(ModelStoreScenario.Model, MlflowModelUri.Parse($"models:/{Registered}@champion"), "1", $"mlflow-artifacts:/{ArtifactPath(1)}", "the fleet serves the champion"), "tests", CancellationToken.None);
        var dashboard = await DashboardProcess.StartAsync(store, [], new Dictionary<string, string?>(mlflowSettings)
        {
            ["Fleet:Token"] = FleetToken,
            ["MLflow:TrackingUri"] = mlflow.Address.ToString(),
            ["MLflow:WebhookSecret"] = Secret,
            ["MLflow:PollInterval"] = pollInterval.ToString(),
        });
        var hosts = new List<InferenceHostProcess>();
        foreach (var id in new[] { "mlflow-host-1", "mlflow-host-2" })
        {
            hosts.Add(await InferenceHostProcess.StartAsync(store, new Dictionary<string, string?>(mlflowSettings)
            {
                ["Swap:HostId"] = id,
                ["Swap:PollInterval"] = "01:00:00",
                ["Fleet:DashboardUrl"] = dashboard.BaseUrl,
                ["Fleet:Token"] = FleetToken,
            }));
        }

        var fixture = new RegistryFleetFixture(mlflow, dashboard, hosts);
        await fixture.EveryHostServesAsync("1");
        return fixture;
    }

    public Task EveryHostServesAsync(string version) => Task.WhenAll(Hosts.Select(h => h.WaitUntilServingAsync(version)));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Dashboard.DisposeAsync();
        await Mlflow.DisposeAsync();
    }

    private static string ArtifactPath(int n) => $"1/models/m-{n}/artifacts";

    /// <summary>The store's registry as the dashboard and the CLI open it: MLflow's artifact bucket allowed.</summary>
    private static ModelRegistry Following(ModelStoreScenario store, IReadOnlyDictionary<string, string?> mlflowSettings)
    {
        var options = store.Server.StoreOptions(store.Prefix);
        options.AllowedBuckets = [S3rverProcess.MlflowBucket];
        return ModelRegistry.Create(options, TimeProvider.System, new MlflowOptions { ArtifactsDestination = mlflowSettings["MLflow:ArtifactsDestination"]! });
    }
}
