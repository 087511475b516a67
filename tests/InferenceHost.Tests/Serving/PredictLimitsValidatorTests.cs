using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>Predict:* body settings, checked at start-up with every problem named.</summary>
public sealed class PredictLimitsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new PredictLimitsValidator().Validate(null, new PredictLimits()).Succeeded);

    [Fact]
    public void Every_problem_with_the_body_limits_is_named_at_once()
    {
        var limits = new PredictLimits
        {
            MaxBodyBytes = 64 * 1024 * 1024,
            MaxBufferedBodyBytes = 128L * 1024 * 1024,
            MinBodyBytesPerSecond = 0,
            MinBodyRateGracePeriod = TimeSpan.FromSeconds(1),
        };

        var result = new PredictLimitsValidator().Validate(null, limits);

        Assert.Equal(
            ["Predict:MaxBufferedBodyBytes must be at least 4 × Predict:MaxBodyBytes (268435456), so a body at the limit fits while its buffer grows; it is 134217728.",
             "Predict:MinBodyBytesPerSecond must be positive; it is 0.",
             "Predict:MinBodyRateGracePeriod must be more than 1 second (Kestrel's heartbeat); it is 00:00:01."],
            result.Failures);
    }

    [Fact]
    public void A_body_limit_past_1_GiB_is_refused() =>
        Assert.Contains(
            "Predict:MaxBodyBytes must be positive and at most 1073741824 (1 GiB); it is 1073741825.",
            new PredictLimitsValidator().Validate(null, new PredictLimits { MaxBodyBytes = (1 << 30) + 1, MaxBufferedBodyBytes = long.MaxValue }).Failures!);
}
