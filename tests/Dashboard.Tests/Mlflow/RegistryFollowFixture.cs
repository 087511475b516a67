using System.Text;
using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.Tests.Announcements;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Mlflow;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Dashboard.Tests.Mlflow;

/// <summary>
/// The MLflow stand-in with two READY versions of <c>iris-mlflow</c> (their files in its artifact store, which is the
/// dashboard's <c>MLflow:ArtifactsDestination</c>), <c>@champion</c> on version 1; the dashboard as its own setup builds
/// it, following <c>models:/iris-mlflow@champion</c> for model <c>iris</c>; and one host announced on its fleet hub.
/// </summary>
internal sealed class RegistryFollowFixture : IAsyncDisposable
{
    public const string Secret = "mlflow-webhook-tests-secret";
    public const string Model = "iris";
    public const string Registered = "iris-mlflow";
    public static readonly MlflowModelUri Champion = MlflowModelUri.Parse($"models:/{Registered}@champion");

    private RegistryFollowFixture(MlflowStandIn mlflow, FleetDashboard dashboard, SimulatedHost host)
    {
        Mlflow = mlflow;
        Dashboard = dashboard;
        Host = host;
    }

    public MlflowStandIn Mlflow { get; }

    public FleetDashboard Dashboard { get; }

    public SimulatedHost Host { get; }

    public MlflowWebhookSender Webhooks { get; } = new(Secret);

    public Uri WebhookUrl => new(Dashboard.Address, MlflowWebhookEndpoints.Path);

    public static async Task<RegistryFollowFixture> StartAsync(TimeSpan pollInterval)
    {
        var mlflow = await MlflowStandIn.StartAsync();
        foreach (var n in new[] { 1, 2 })
        {
            RegisterVersion(mlflow, n);
        }

        mlflow.Registry.SetAlias(Registered, "champion", "1");
        var dashboard = await FleetDashboard.StartAsync(settings: new Dictionary<string, string?>
        {
            ["MLflow:TrackingUri"] = mlflow.Address.ToString(),
            ["MLflow:WebhookSecret"] = Secret,
            ["MLflow:ArtifactsDestination"] = mlflow.ArtifactsRoot,
            ["MLflow:PollInterval"] = pollInterval.ToString(),
        });
        var registry = dashboard.Service<ModelRegistry>();
        await registry.Commands().ApplyAsync(new Follow(Model, Champion, "1", ArtifactUri(1), "tests follow @champion"), "tests", CancellationToken.None);
        var host = SimulatedHost.Serving(dashboard.Address, FleetDashboard.Token, "pod-follow", Model, "1");
        await host.StartAsync();
        return new RegistryFollowFixture(mlflow, dashboard, host);
    }

    /// <summary>Registers the next version of the registered model in the stand-in, its files as MLflow writes them.</summary>
    public static MlflowRegistryState.VersionRecord RegisterVersion(MlflowStandIn mlflow, int n, string status = "READY")
    {
        mlflow.WriteArtifacts(ArtifactPath(n), new Dictionary<string, byte[]>
        {
            ["MLmodel"] = Encoding.UTF8.GetBytes(MlflowFixtures.MlModel2x),
            ["model.onnx"] = Encoding.UTF8.GetBytes($"version {n}: the dashboard never loads it"),
        });
        return mlflow.Registry.CreateVersion(Registered, ArtifactUri(n), status: status);
    }

    public static string ArtifactUri(int n) => $"mlflow-artifacts:/{ArtifactPath(n)}";

    /// <summary>The version the desired state names for <see cref="Model"/>, and whether it is pinned.</summary>
    public async Task<(string Version, bool Pinned)> DesiredAsync()
    {
        var entry = (await Dashboard.Service<ModelRegistry>().DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!;
        return (entry.Version, entry.Pinned);
    }

    public Task<(string Version, bool Pinned)> WaitForDesiredAsync(string version) =>
        Eventually.ReturnsAsync(DesiredAsync, d => d.Version == version, $"the desired state of {Model} to name version {version}");

    /// <summary>
    /// Returns once every delivery sent before has been handled: a signed delivery about another registered model asks
    /// for a pass, and passes run in the order they were asked for.
    /// </summary>
    public async Task SettledAsync()
    {
        var barrier = Webhooks.Build("model_version", "created", new() { ["name"] = "unrelated-model", ["version"] = "1" });
        (await MlflowWebhookSender.SendAsync(WebhookUrl, barrier)).Dispose();
        await Eventually.ReturnsAsync(
            () => Task.FromResult(Dashboard.Service<MlflowSync>().Following.Current.LastPass),
            pass => pass?.DeliveryId == barrier.DeliveryId,
            "the dashboard to handle the deliveries sent so far");
    }

    /// <summary>How many times the dashboard has asked MLflow where the followed alias points.</summary>
    public int AliasLookups => Mlflow.Requests.Count(r => r.StartsWith("/api/2.0/mlflow/registered-models/alias", StringComparison.Ordinal));

    public FollowedModel? Followed => Dashboard.Service<MlflowSync>().Following.Current.Models.GetValueOrDefault(Model);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Dashboard.DisposeAsync();
        await Mlflow.DisposeAsync();
    }

    private static string ArtifactPath(int n) => $"1/models/m-{n}/artifacts";
}
