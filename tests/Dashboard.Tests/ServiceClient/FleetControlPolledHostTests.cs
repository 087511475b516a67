using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Persistence;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Announcements;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Versions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>A fleet of polled hosts only (function URLs): actions change the store's desired state, never a host.</summary>
public sealed class FleetControlPolledHostTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hotswap-fleet-control-");
    private readonly FakeTimeProvider _time = new(Samples.At);
    private readonly NoHostsToCall _http = new();

    [Fact]
    public async Task Pinning_writes_the_desired_state_to_the_store_and_calls_no_host()
    {
        var (control, registry, _) = await PolledFleetAsync();

        var outcome = await control.RunAsync(new ControlAction("iris_model", ControlVerb.Pin, "1", "v2 regressed"), "alice", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Summary);
        var entry = (await registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find("iris_model")!;
        Assert.Equal("1", entry.Version);
        Assert.True(entry.Pinned);
        Assert.Equal(0, _http.Created);
    }

    [Fact]
    public async Task Starting_a_canary_writes_the_candidate_to_the_store_and_is_audited_as_rollout_canary()
    {
        var (control, registry, audit) = await PolledFleetAsync();

        var outcome = await control.RunAsync(new ControlAction("iris_model", ControlVerb.StartCanary, "1", "try v1 again", Weight: 25), "alice", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Summary);
        var candidate = (await registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find("iris_model")!.Candidate!;
        Assert.Equal(("1", Hotswap.Contracts.Rollouts.RolloutMode.Canary, 25, "alice"), (candidate.Version, candidate.Mode, candidate.Weight, candidate.StartedBy.Replace("dashboard:", "", StringComparison.Ordinal)));
        var entry = Assert.Single(audit.Recent.Current);
        Assert.Equal(("rollout-canary", "1", "try v1 again"), (entry.Action, entry.ToVersion, entry.Reason));
        Assert.Equal(0, _http.Created);
    }

    [Fact]
    public async Task A_promotion_the_rollout_policy_refuses_fails_and_is_audited_as_failed()
    {
        var (control, registry, audit) = await PolledFleetAsync(new RolloutPolicy { RequireApproval = true });
        await registry.StartRolloutAsync("iris_model", "1", Hotswap.Contracts.Rollouts.RolloutMode.Shadow, 0, null, "alice", null, CancellationToken.None);

        var outcome = await control.RunAsync(new ControlAction("iris_model", ControlVerb.Promote, null, "looks good"), "alice", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("approval", outcome.Summary);
        Assert.Equal(("promote", false), (audit.Recent.Current[0].Action, audit.Recent.Current[0].Succeeded));
        Assert.Equal("2", (await registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find("iris_model")!.Version);
    }

    [Fact]
    public async Task A_store_write_and_a_refused_one_are_appended_to_the_stores_audit_trail_as_the_signed_in_person_through_the_dashboard()
    {
        var (control, registry, _) = await PolledFleetAsync(new RolloutPolicy { RequireApproval = true });

        await control.RunAsync(new ControlAction("iris_model", ControlVerb.StartShadow, "1", "try v1"), "alice", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await control.RunAsync(new ControlAction("iris_model", ControlVerb.Approve, null, "mine"), "alice", CancellationToken.None);

        var trail = await registry.Audit.ReadAsync(10, CancellationToken.None);
        Assert.Equal(
            [("dashboard:alice", "approve", "refused"), ("dashboard:alice", "rollout-shadow", "applied")],
            trail.Select(r => (r.Actor, r.Change, r.Outcome)));
    }

    private async Task<(FleetControl Control, ModelRegistry Registry, AuditLog Audit)> PolledFleetAsync(RolloutPolicy? policy = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            PolledHosts = ["https://abc.lambda-url.eu-west-1.on.aws"],
            DatabasePath = Path.Combine(_directory.FullName, "dashboard.db"),
        });
        var registry = ModelRegistry.Create(new ModelStoreOptions { Uri = Path.Combine(_directory.FullName, "store") }, _time);
        await PublishAsync(registry, "1");
        await PublishAsync(registry, "2");
        var audit = new AuditLog(new DashboardDatabase(options));
        var feed = new SwapFeed(options, new DashboardDatabase(options));
        var control = new FleetControl(_http, options, new FleetMonitor(options, feed, _time, NullLogger<FleetMonitor>.Instance),
            registry, audit, _time, NullLogger<FleetControl>.Instance, Microsoft.Extensions.Options.Options.Create(policy ?? new RolloutPolicy()), NoAnnouncedHosts.Refresh(feed, _time));
        return (control, registry, audit);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private async Task PublishAsync(ModelRegistry registry, string version)
    {
        // The registry stores the bytes as given; whether they load is the publisher's check, not this test's.
        var onnx = Path.Combine(_directory.FullName, $"{version}.onnx");
        await File.WriteAllBytesAsync(onnx, [1, 2, 3, (byte)version[0]]);
        await registry.PublishAsync(new PublishRequest { Model = "iris_model", Version = version, OnnxFilePath = onnx, Signature = Samples.Iris, PublishedBy = "tests" }, CancellationToken.None);
    }

    private sealed class NoHostsToCall : IHttpClientFactory
    {
        public int Created { get; private set; }

        public HttpClient CreateClient(string name)
        {
            Created++;
            throw new InvalidOperationException("No host should be called when the fleet has only polled hosts.");
        }
    }
}
