using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.Registry.Configuration;

/// <summary>
/// <c>Rollout:*</c>: what a promotion needs. Hosts and the dashboard bind the same section, so a promotion is held to
/// the same policy whichever of them writes it to the store.
/// </summary>
public sealed class RolloutPolicy
{
    public const string Section = "Rollout";

    [Description("How long a candidate must have been on live traffic before it may be promoted.")]
    public TimeSpan BakeTime { get; set; } = TimeSpan.Zero;

    [Description("When true, a second operator (not the one who started the rollout) must approve it before promotion.")]
    public bool RequireApproval { get; set; }
}

/// <summary>The <c>Rollout:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class RolloutKeys
{
    public const string BakeTime = $"{RolloutPolicy.Section}:{nameof(RolloutPolicy.BakeTime)}";
    public const string RequireApproval = $"{RolloutPolicy.Section}:{nameof(RolloutPolicy.RequireApproval)}";
}

/// <summary>Refuses, at start-up, a policy no rollout could follow.</summary>
public sealed class RolloutPolicyValidator : IValidateOptions<RolloutPolicy>
{
    public ValidateOptionsResult Validate(string? name, RolloutPolicy options) =>
        options.BakeTime < TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{RolloutKeys.BakeTime} must not be negative; it is {options.BakeTime}.")
            : ValidateOptionsResult.Success;
}
