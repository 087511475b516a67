using Hotswap.Contracts.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// <c>Guard:*</c>: how this host watches a candidate, or a version it has just swapped to, and when it rolls it back
/// by itself. The limits are defaults: a candidate's own <c>guard</c> in model_list.json overrides them.
/// </summary>
public sealed class GuardOptions
{
    public const string Section = "Guard";

    /// <summary>
    /// The sliding window the rules look at, and how long the previous version stays loaded after a plain swap so a
    /// rollback is instant. Zero turns both off: a swap retires the old version at once and nothing is guarded after it.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the rules are evaluated and the figures pushed on the hub.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When false, breaches are reported (hub, status, metrics) but nothing is rolled back.</summary>
    public bool AutoRollback { get; set; } = true;

    public double? MaxErrorRate { get; set; } = 0.05;

    public double? MaxP99Ratio { get; set; } = 3.0;

    /// <summary>
    /// A p99 ratio only counts when the guarded version is also this much slower in absolute terms: sub-millisecond
    /// p99s of a small model jitter by more than any sensible ratio on a busy machine.
    /// </summary>
    public TimeSpan P99Slack { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Off by default. When set, a freshly swapped version is also compared with the warm previous one on copies of
    /// live requests (as a shadow is), and rolled back past this mean absolute difference.
    /// </summary>
    public double? MaxDrift { get; set; }

    /// <summary>Below a hundred samples a p99 is just the slowest request, and an error rate a coin toss.</summary>
    public int MinRequests { get; set; } = 100;

    /// <summary>
    /// Requests of each version the p99 rule needs. With a hundred, a p99 is the second slowest request, and one stall
    /// of the process that happens to catch a few requests of one version doubles it: five hundred put five requests
    /// above the p99.
    /// </summary>
    public int MinLatencySamples { get; set; } = 500;

    /// <summary>Two single-value outputs agree when they differ by at most this much (outputs of several values agree on their argmax).</summary>
    public double AgreementTolerance { get; set; } = 1e-4;

    /// <summary>Copies of requests waiting for the compared version; past this, copies are dropped rather than delaying anything.</summary>
    public int ShadowQueueCapacity { get; set; } = 512;

    /// <summary>Requests carrying this header go to the same version every time (by a stable hash of its value) during a canary.</summary>
    public string StickyHeader { get; set; } = "X-Request-Key";

    /// <summary>The rules a candidate is held to: its own where it sets them, these options elsewhere.</summary>
    public GuardRules RulesFor(GuardRules? overrides) => new()
    {
        MaxErrorRate = overrides?.MaxErrorRate ?? MaxErrorRate,
        MaxP99Ratio = overrides?.MaxP99Ratio ?? MaxP99Ratio,
        MaxDrift = overrides?.MaxDrift ?? MaxDrift,
        MinRequests = overrides?.MinRequests ?? MinRequests,
    };
}

public sealed class GuardOptionsValidator : IValidateOptions<GuardOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardOptions options)
    {
        var problems = new List<string>();
        if (options.Window < TimeSpan.Zero)
        {
            problems.Add("Guard:Window must not be negative.");
        }

        if (options.EvaluationInterval <= TimeSpan.Zero || (options.Window > TimeSpan.Zero && options.EvaluationInterval > options.Window))
        {
            problems.Add("Guard:EvaluationInterval must be positive and at most Guard:Window.");
        }

        if (options.MaxErrorRate is < 0 or > 1)
        {
            problems.Add("Guard:MaxErrorRate must be from 0 to 1.");
        }

        if (options.MaxP99Ratio is <= 0 || options.MaxDrift is < 0 || options.P99Slack < TimeSpan.Zero || options.AgreementTolerance < 0)
        {
            problems.Add("Guard:MaxP99Ratio must be positive; Guard:MaxDrift, Guard:P99Slack and Guard:AgreementTolerance must not be negative.");
        }

        if (options.MinRequests < 1 || options.MinLatencySamples < 1 || options.ShadowQueueCapacity < 1)
        {
            problems.Add("Guard:MinRequests, Guard:MinLatencySamples and Guard:ShadowQueueCapacity must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.StickyHeader))
        {
            problems.Add("Guard:StickyHeader is required.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
