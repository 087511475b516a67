using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// Every <see cref="GuardOptions.EvaluationInterval"/>: closes a bucket of each version's window, pushes each model's
/// figures, and when a rule is breached rolls the guarded version back through the store (the candidate aborted, or
/// the fresh swap rolled back and pinned), so the whole fleet follows, then converges this host at once. A breach the
/// whole fleet sees is written once: the store write is conditional on the version still being the one guarded.
/// </summary>
public sealed partial class RolloutGuard(
    Reconciler reconciler, ModelRegistry registry, SwapEvents events, IOptions<GuardOptions> options, TimeProvider time, ILogger<RolloutGuard> logger) : BackgroundService
{
    private readonly GuardOptions _options = options.Value;
    private readonly Dictionary<string, string> _fired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> _failedWrites = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, RolloutStats> _latest = ImmutableDictionary<string, RolloutStats>.Empty;

    /// <summary>The last figures of <paramref name="model"/>; null before its first evaluation or once it is no longer served.</summary>
    public RolloutStats? Latest(string model) => Volatile.Read(ref _latest).GetValueOrDefault(model);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.EvaluationInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await EvaluateAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // An exception leaving a BackgroundService stops the host, on every host at once when the cause
                    // is in the shared store: the guard reports it and evaluates again at the next tick.
                    EvaluationFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One evaluation of every model this host serves.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var keep = Math.Max(1, (int)Math.Ceiling(_options.Window / _options.EvaluationInterval));
        var latest = ImmutableDictionary.CreateBuilder<string, RolloutStats>(StringComparer.Ordinal);
        foreach (var worker in reconciler.Workers.Values)
        {
            if (worker.Slot.Current is not { } served)
            {
                continue;
            }

            var rollout = worker.Rollout;
            served.Window.Rotate(keep);
            rollout.Candidate?.Window.Rotate(keep);
            var stats = Evaluate(worker.Model, served, rollout, keep);
            latest[worker.Model] = stats;
            events.RolloutStats(stats);
            if (stats.Guard.FirstOrDefault(r => r.Breached) is { } breach && stats.GuardedVersion is { } guarded)
            {
                await RollBackAsync(stats, guarded, breach, cancellationToken);
            }
            else if (stats.GuardedVersion is null)
            {
                _fired.Remove(worker.Model);
            }
        }

        Volatile.Write(ref _latest, latest.ToImmutable());
    }

    private RolloutStats Evaluate(string model, ServedModel served, WorkerRollout rollout, int buckets)
    {
        var seconds = buckets * _options.EvaluationInterval.TotalSeconds;
        var servedTotals = served.Window.Totals();
        var versions = new List<VersionWindowStats> { Figures(served, "served", servedTotals, seconds) };
        (RolloutPhase Phase, ServedModel? Guarded, WindowTotals? GuardedTotals, WindowTotals? Baseline, GuardRules Rules) view;
        if (rollout is { Candidate: { } candidate, Desired: { } desired })
        {
            var totals = candidate.Window.Totals();
            versions.Add(Figures(candidate, "candidate", totals, seconds));
            view = (desired.Mode == RolloutMode.Canary ? RolloutPhase.Canary : RolloutPhase.Shadow, candidate, totals, servedTotals, _options.RulesFor(desired.Guard));
        }
        else if (rollout.Previous is { } previous)
        {
            var totals = previous.Window.Totals();
            versions.Add(Figures(previous, "previous", totals, seconds));
            view = (RolloutPhase.AfterSwap, served, servedTotals, totals, _options.RulesFor(null));
        }
        else
        {
            view = (RolloutPhase.Steady, null, null, null, _options.RulesFor(null));
        }

        var guard = view.GuardedTotals is { } guardedTotals
            ? GuardEvaluation.Evaluate(guardedTotals, view.Baseline, view.Phase == RolloutPhase.Shadow, view.Rules, _options.P99Slack, _options.MinLatencySamples)
            : [];
        var drift = view.GuardedTotals is { } t && (t.Comparisons > 0 || t.Dropped > 0)
            ? new DriftStats(t.Comparisons, GuardEvaluation.Finite(t.MeanAbsDiff), GuardEvaluation.Finite(t.MaxAbsDiff), t.AgreementRate, t.Dropped)
            : null;
        return new RolloutStats(
            reconciler.HostId, model, served.Version.Version, view.Guarded?.Version.Version, view.Phase,
            rollout.Desired?.Weight ?? 0, seconds, versions, drift, guard, time.GetUtcNow());
    }

    private static VersionWindowStats Figures(ServedModel model, string role, WindowTotals totals, double seconds) => new(
        model.Version.Version, role, totals.Requests, totals.Errors, totals.Requests / seconds, totals.ErrorRate,
        LatencyHistogram.QuantileMs(totals.Latency, 0.5), LatencyHistogram.QuantileMs(totals.Latency, 0.99));

    private async Task RollBackAsync(RolloutStats stats, string guarded, GuardRuleStatus breach, CancellationToken cancellationToken)
    {
        var key = $"{stats.Phase}:{guarded}";
        if (!_options.AutoRollback || _fired.GetValueOrDefault(stats.Model) == key
            || (_failedWrites.TryGetValue(stats.Model, out var failed) && failed.RetryAt > time.GetUtcNow()))
        {
            return;
        }

        _fired[stats.Model] = key;
        var reason = GuardEvaluation.Reason(breach);
        var by = $"guard@{reconciler.HostId}";
        try
        {
            var candidatePhase = stats.Phase is RolloutPhase.Shadow or RolloutPhase.Canary;
            var written = await registry.Commands().ApplyAsync(candidatePhase ? new GuardAbort(stats.Model, guarded, reason) : new GuardRollback(stats.Model, guarded, reason), by, cancellationToken);
            if (written is not null)
            {
                var to = candidatePhase ? stats.ServedVersion! : written.Version;
                events.AutoRolledBack(new AutoRollback(reconciler.HostId, stats.Model, stats.Phase, guarded, to, breach.Rule, breach.Observed ?? 0, breach.Limit, reason, time.GetUtcNow()));
            }

            _failedWrites.Remove(stats.Model);
            // Whoever wrote it, converge now rather than at the next poll: the version rolled back to is warm.
            await reconciler.CheckAsync("auto-rollback", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not written (the store failed, or what it holds cannot be rolled back to): an evaluation that still sees
            // the breach tries again, after a backoff that doubles up to a minute.
            _fired.Remove(stats.Model);
            var failures = _failedWrites.GetValueOrDefault(stats.Model).Failures + 1;
            var retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures - 1)));
            _failedWrites[stats.Model] = (failures, retryAt);
            RollbackFailed(logger, stats.Model, guarded, reason, retryAt, e);
        }
    }

    [LoggerMessage(1701, LogLevel.Error, "{Model}: writing the guard's rollback of version {Version} ({Reason}) to the store failed; retrying from {RetryAt} if the breach holds")]
    private static partial void RollbackFailed(ILogger logger, string model, string version, string reason, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(1702, LogLevel.Error, "An evaluation of the guard failed; the next one runs at the next interval")]
    private static partial void EvaluationFailed(ILogger logger, Exception exception);
}
