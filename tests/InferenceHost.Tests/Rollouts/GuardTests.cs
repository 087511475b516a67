using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.Onnx;
using Hotswap.Registry.DesiredState;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>
/// The guard rolls a misbehaving version back by itself, through the store, while two hosts serve a load that never
/// sees a failed request; a healthy candidate is left alone.
/// </summary>
[Collection(RolloutScenario.LatencySensitive)]
public sealed class GuardTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_canary_that_fails_on_live_batches_is_aborted_with_no_failed_request_and_both_hosts_drop_it()
    {
        var failing = GeneratedModel.Linear([1f, 1f, 1f], 2) with { BatchOfOne = true };
        await using var fleet = await FleetAsync(failing);

        var (rollback, load) = await UnderLoadAsync(fleet, rows: 2, () => RolloutScenario.StartAsync(fleet.Hosts[0], "2", RolloutMode.Canary, 50));

        Assert.Equal(RolloutPhase.Canary, rollback.Phase);
        Assert.StartsWith("auto-rollback: error-rate 1 > 0.05", rollback.Reason);
        Assert.Empty(load.SelectMany(l => l.Failures));
        var entry = await DesiredAsync(fleet.Store);
        Assert.Null(entry.Candidate);
        Assert.Equal("1", entry.Version);
        Assert.Equal(rollback.Reason, entry.Reason);
        Assert.Equal($"guard@{rollback.HostId}", entry.UpdatedBy);
        var trail = await fleet.Store.Registry.Audit.ReadAsync(10, CancellationToken.None);
        Assert.Contains(trail, r => (r.Actor, r.Change, r.To, r.Reason, r.Outcome) == ($"guard@{rollback.HostId}", "auto-abort", "1", rollback.Reason, Registry.Audit.AuditRecord.Applied));
        await EveryHostAsync(fleet, s => s.Rollout is null && s.ServedVersion == "1", "no candidate and version 1");
    }

    [Fact]
    public async Task A_canary_much_slower_than_the_served_version_is_aborted_for_its_p99()
    {
        // 200 requests of each version arm the p99 rule; a window of 30 s holds that many of the slow one even on a
        // busy machine, where every request is slower.
        await using var fleet = await FleetAsync(
            GeneratedModel.OfSize(3, 24_000_000), RolloutScenario.FastGuardWith(("Guard:Window", "00:00:30"), ("Guard:MinLatencySamples", "200")));

        var (rollback, load) = await UnderLoadAsync(fleet, rows: 1, () => RolloutScenario.StartAsync(fleet.Hosts[0], "2", RolloutMode.Canary, 50));

        Assert.Equal(GuardEvaluation.P99Ratio, rollback.Rule);
        Assert.True(rollback.Observed > 3, rollback.Reason);
        Assert.Empty(load.SelectMany(l => l.Failures));
        Assert.Null((await DesiredAsync(fleet.Store)).Candidate);
        await EveryHostAsync(fleet, s => s.Rollout is null, "no candidate");
    }

    [Fact]
    public async Task A_shadow_whose_outputs_drift_past_the_limit_is_aborted()
    {
        await using var fleet = await FleetAsync(GeneratedModel.Linear([1f, 1f, 1f], 6));

        var (rollback, load) = await UnderLoadAsync(fleet, rows: 1, () => RolloutScenario.StartAsync(fleet.Hosts[0], "2", RolloutMode.Shadow, guard: new GuardRules { MaxDrift = 0.5 }));

        Assert.Equal(RolloutPhase.Shadow, rollback.Phase);
        Assert.Equal("auto-rollback: drift 5 > 0.5", rollback.Reason);
        Assert.Equal(["1"], load.SelectMany(l => l.Versions.Keys).Distinct());
        Assert.Null((await DesiredAsync(fleet.Store)).Candidate);
    }

    [Fact]
    public async Task A_fresh_swap_that_fails_is_rolled_back_and_pinned_with_no_failed_request_as_the_warm_previous_version_answers()
    {
        // The guard's window stays short so it acts quickly; the previous version stays warm long enough to stand in
        // until it has, however busy the machine (a loaded CI run saw the 3 s the window used to give run out first).
        await using var fleet = await FleetAsync(candidate: null, RolloutScenario.FastGuardWith(("Swap:KeepPreviousFor", "00:01:00")));

        var failing = GeneratedModel.Linear([1f, 1f, 1f], 2) with { BatchOfOne = true };
        var (rollback, load) = await UnderLoadAsync(fleet, rows: 2, () => fleet.Store.PublishAsync(failing, Model, "2"));

        Assert.Equal(RolloutPhase.AfterSwap, rollback.Phase);
        Assert.Equal(("2", "1"), (rollback.FromVersion, rollback.ToVersion));
        Assert.Empty(load.SelectMany(l => l.Failures));
        var entry = await DesiredAsync(fleet.Store);
        Assert.Equal("1", entry.Version);
        Assert.True(entry.Pinned);
        await EveryHostAsync(fleet, s => s.ServedVersion == "1" && s.DesiredVersion == "1", "version 1 served again");
    }

    [Fact]
    public async Task A_rollback_the_guard_cannot_write_leaves_the_host_up_serving_and_evaluating()
    {
        // A window long enough that the warm previous version stands in for version 2 throughout.
        await using var fleet = await FleetAsync(GeneratedModel.Linear([1f, 1f, 1f], 2) with { BatchOfOne = true }, RolloutScenario.FastGuardWith(("Guard:Window", "00:01:00")));
        var host = fleet.Hosts[0];
        await using var hub = await HubRecorder.ConnectAsync(host);
        await using var load = PredictionLoad.Start(host, clients: 2, rows: 2);

        // Version 2 fails on live batches, and the history a careless writer left names an empty version before it:
        // the rollback the breach calls for trips over it.
        var careless = new ModelEntry { Version = "2", Pinned = true, History = ["1", ""] };
        await fleet.Store.WriteManifestAsync(System.Text.Encoding.UTF8.GetString(DesiredStateDocument.Empty.With(Model, careless).ToJson()));
        var breach = await hub.WaitForAsync<RolloutStats>(s => s.GuardedVersion == "2" && s.Guard.Any(r => r.Breached), TimeSpan.FromSeconds(60));
        var evaluations = hub.Events.OfType<RolloutStats>().Count();
        await hub.WaitForAsync<RolloutStats>(_ => hub.Events.OfType<RolloutStats>().Count() > evaluations + 10, TimeSpan.FromSeconds(60));
        var live = await host.Client.GetAsync("/healthz");
        await load.StopAsync();

        Assert.Equal(RolloutPhase.AfterSwap, breach.Phase);
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Empty(load.Failures);
        Assert.DoesNotContain(hub.Events, e => e is AutoRollback);
    }

    [Fact]
    public async Task A_healthy_canary_runs_through_more_than_a_whole_window_without_being_rolled_back()
    {
        await using var fleet = await FleetAsync(GeneratedModel.Linear([1f, 1f, 1f], 2), RolloutScenario.FastGuardOnABusyMachine());
        await using var hub = await HubRecorder.ConnectAsync(fleet.Hosts[0]);
        await RolloutScenario.StartAsync(fleet.Hosts[0], "2", RolloutMode.Canary, 50);
        var loads = fleet.Hosts.Select(h => PredictionLoad.Start(h, clients: 2)).ToArray();

        // Armed (enough requests), then evaluated over more than a whole window more.
        await RolloutScenario.StatsAsync(fleet.Hosts[0], s => s.Guard.Count == 2 && s.Guard.All(r => r.Armed), "every rule armed");
        var armed = hub.Events.OfType<RolloutStats>().Count();
        await hub.WaitForAsync<RolloutStats>(_ => hub.Events.OfType<RolloutStats>().Count() > armed + 20 || hub.Events.OfType<AutoRollback>().Any(), TimeSpan.FromSeconds(30));
        foreach (var load in loads)
        {
            await load.DisposeAsync();
        }

        var entry = await DesiredAsync(fleet.Store);
        Assert.True(entry.Candidate?.Version == "2", $"the candidate is gone: {entry.Reason}");
        Assert.DoesNotContain(hub.Events, e => e is AutoRollback);
        Assert.All(loads, l => Assert.Empty(l.Failures));
        Assert.All(loads, l => Assert.True(l.Versions.GetValueOrDefault("2") > 0, l.ToString()));
    }

    /// <summary>Starts a load on every host, runs <paramref name="act"/>, and waits for the guard's rollback before stopping the load.</summary>
    private static async Task<(AutoRollback Rollback, PredictionLoad[] Load)> UnderLoadAsync(Fleet fleet, int rows, Func<Task> act)
    {
        var hubs = await Task.WhenAll(fleet.Hosts.Select(h => HubRecorder.ConnectAsync(h)));
        var loads = fleet.Hosts.Select(h => PredictionLoad.Start(h, clients: 2, rows: rows)).ToArray();
        try
        {
            await act();
            var rollback = await Task.WhenAny(hubs.Select(h => h.WaitForAsync<AutoRollback>(timeout: TimeSpan.FromSeconds(90))));
            var result = await rollback;
            // The load goes on until every host has converged, so requests during the rollback are counted too.
            await EveryHostAsync(fleet, s => s.ServedVersion == result.ToVersion && (s.Rollout is null || s.Rollout.Version != result.FromVersion), $"version {result.ToVersion} and no trial of {result.FromVersion}");
            return (result, loads);
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }

            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    private static Task EveryHostAsync(Fleet fleet, Func<Contracts.Status.ModelStatus, bool> condition, string what) =>
        Task.WhenAll(fleet.Hosts.Select(h => RolloutScenario.StatusAsync(h, condition, $"{h.Address}: {what}")));

    private static async Task<ModelEntry> DesiredAsync(ModelStoreScenario store) =>
        (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!;

    /// <summary>Two hosts on one store serving version 1 (sum of features + 1), with version 2 published as <paramref name="candidate"/> when given.</summary>
    private async Task<Fleet> FleetAsync(GeneratedModel? candidate, Dictionary<string, string?>? settings = null)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        if (candidate is not null)
        {
            await store.PublishAsync(candidate, Model, "2");
            await store.Registry.PinAsync(Model, "1", "tests", null, CancellationToken.None);
        }

        var hosts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunningHost.StartAsync(store, settings ?? RolloutScenario.FastGuard)));
        await Task.WhenAll(hosts.Select(h => h.WaitUntilServingAsync("1")));
        return new Fleet(store, hosts);
    }

    private sealed record Fleet(ModelStoreScenario Store, RunningHost[] Hosts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var host in Hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
