using System.ComponentModel;
using Hotswap.Contracts.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Configuration;

/// <summary>
/// <c>Guard:*</c>: how this host watches a candidate, or a version it has just swapped to, and when it rolls it back
/// by itself. The limits are defaults: a candidate's own <c>guard</c> in model_list.json overrides them.
/// </summary>
public sealed class GuardOptions
{
    public const string Section = "Guard";

    [Description("The sliding window the rules look at (never shorter than one evaluation interval). How long the previous version stays loaded after a swap is Swap:KeepPreviousFor.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    [Description("How often the rules are evaluated and the figures pushed on the hub.")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Description("When false, breaches are reported (hub, status, metrics) but nothing is rolled back.")]
    public bool AutoRollback { get; set; } = true;

    [Description("Rolls back past this share of failed requests (0 to 1).")]
    public double? MaxErrorRate { get; set; } = 0.05;

    [Description("Rolls back when the guarded version's p99 latency is this many times the other's.")]
    public double? MaxP99Ratio { get; set; } = 3.0;

    /// <remarks>Sub-millisecond p99s of a small model jitter by more than any sensible ratio on a busy machine.</remarks>
    [Description("A p99 ratio only counts when the guarded version is also this much slower in absolute terms.")]
    public TimeSpan P99Slack { get; set; } = TimeSpan.FromMilliseconds(2);

    [Description("Off by default: when set, a fresh swap is compared with the warm previous version on copies of live requests and rolled back past this mean absolute difference.")]
    public double? MaxDrift { get; set; }

    /// <remarks>Below a hundred samples a p99 is just the slowest request, and an error rate a coin toss.</remarks>
    [Description("Requests the error-rate rule needs before it judges.")]
    public int MinRequests { get; set; } = 100;

    /// <remarks>
    /// With a hundred, a p99 is the second slowest request, and one stall of the process that happens to catch a few
    /// requests of one version doubles it: five hundred put five requests above the p99.
    /// </remarks>
    [Description("Requests of each version the p99 rule needs before it judges.")]
    public int MinLatencySamples { get; set; } = 500;

    [Description("Two single-value outputs agree when they differ by at most this much (outputs of several values agree on their argmax).")]
    public double AgreementTolerance { get; set; } = 1e-4;

    [Description("Copies of requests waiting for the compared version; past this, copies are dropped rather than delaying anything.")]
    public int ShadowQueueCapacity { get; set; } = 512;

    [Description("Requests carrying this header go to the same version every time (by a stable hash of its value) during a canary.")]
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

/// <summary>The <c>Guard:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class GuardKeys
{
    public const string Window = $"{GuardOptions.Section}:{nameof(GuardOptions.Window)}";
    public const string EvaluationInterval = $"{GuardOptions.Section}:{nameof(GuardOptions.EvaluationInterval)}";
    public const string AutoRollback = $"{GuardOptions.Section}:{nameof(GuardOptions.AutoRollback)}";
    public const string MaxErrorRate = $"{GuardOptions.Section}:{nameof(GuardOptions.MaxErrorRate)}";
    public const string MaxP99Ratio = $"{GuardOptions.Section}:{nameof(GuardOptions.MaxP99Ratio)}";
    public const string P99Slack = $"{GuardOptions.Section}:{nameof(GuardOptions.P99Slack)}";
    public const string MaxDrift = $"{GuardOptions.Section}:{nameof(GuardOptions.MaxDrift)}";
    public const string MinRequests = $"{GuardOptions.Section}:{nameof(GuardOptions.MinRequests)}";
    public const string MinLatencySamples = $"{GuardOptions.Section}:{nameof(GuardOptions.MinLatencySamples)}";
    public const string AgreementTolerance = $"{GuardOptions.Section}:{nameof(GuardOptions.AgreementTolerance)}";
    public const string ShadowQueueCapacity = $"{GuardOptions.Section}:{nameof(GuardOptions.ShadowQueueCapacity)}";
    public const string StickyHeader = $"{GuardOptions.Section}:{nameof(GuardOptions.StickyHeader)}";
}

public sealed class GuardOptionsValidator : IValidateOptions<GuardOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardOptions options)
    {
        var problems = new List<string>();
        if (options.Window < TimeSpan.Zero)
        {
            problems.Add($"{GuardKeys.Window} must not be negative.");
        }

        if (options.EvaluationInterval <= TimeSpan.Zero || (options.Window > TimeSpan.Zero && options.EvaluationInterval > options.Window))
        {
            problems.Add($"{GuardKeys.EvaluationInterval} must be positive and at most {GuardKeys.Window}.");
        }

        if (options.MaxErrorRate is < 0 or > 1)
        {
            problems.Add($"{GuardKeys.MaxErrorRate} must be from 0 to 1.");
        }

        if (options.MaxP99Ratio is <= 0 || options.MaxDrift is < 0 || options.P99Slack < TimeSpan.Zero || options.AgreementTolerance < 0)
        {
            problems.Add($"{GuardKeys.MaxP99Ratio} must be positive; {GuardKeys.MaxDrift}, {GuardKeys.P99Slack} and {GuardKeys.AgreementTolerance} must not be negative.");
        }

        if (options.MinRequests < 1 || options.MinLatencySamples < 1 || options.ShadowQueueCapacity < 1)
        {
            problems.Add($"{GuardKeys.MinRequests}, {GuardKeys.MinLatencySamples} and {GuardKeys.ShadowQueueCapacity} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(options.StickyHeader))
        {
            problems.Add($"{GuardKeys.StickyHeader} is required.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
