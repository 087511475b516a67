using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary><c>Predict:*</c>: what one prediction request may carry (beyond these it gets 413), and how bodies are read.</summary>
public sealed class PredictLimits
{
    public const string Section = "Predict";

    /// <summary>The largest body the host reads: 1 GiB, the largest buffer the shared pool hands out.</summary>
    public const int LargestBodyBytes = 1 << 30;

    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Pooled memory all request bodies may hold at once (being read, or waiting for a shadow comparison); a body that
    /// would go past it is refused with 503 and Retry-After. At least 4 × <see cref="MaxBodyBytes"/>, so one body at the
    /// limit fits while its buffer doubles.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Kestrel's minimum request body data rate (bytes per second, averaged after the grace period): a client sending
    /// a body more slowly is cut off, so a slow sender cannot hold a connection and its buffer.
    /// </summary>
    public int MinBodyBytesPerSecond { get; set; } = 4096;

    /// <summary>How long a body may arrive more slowly than <see cref="MinBodyBytesPerSecond"/> before the rate counts (more than 1 s, Kestrel's heartbeat).</summary>
    public TimeSpan MinBodyRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows in one request (the first dimension of each input).</summary>
    public int MaxBatchRows { get; set; } = 10_000;

    /// <summary>Elements in one input tensor of one request.</summary>
    public int MaxTensorElements { get; set; } = 1_000_000;
}

public sealed class PredictLimitsValidator : IValidateOptions<PredictLimits>
{
    public ValidateOptionsResult Validate(string? name, PredictLimits options)
    {
        var problems = new List<string>();
        if (options.MaxBodyBytes is <= 0 or > PredictLimits.LargestBodyBytes)
        {
            problems.Add($"Predict:MaxBodyBytes must be positive and at most {PredictLimits.LargestBodyBytes} (1 GiB); it is {options.MaxBodyBytes}.");
        }

        if (options.MaxBufferedBodyBytes < 4L * options.MaxBodyBytes)
        {
            problems.Add($"Predict:MaxBufferedBodyBytes must be at least 4 × Predict:MaxBodyBytes ({4L * options.MaxBodyBytes}), so a body at the limit fits while its buffer grows; it is {options.MaxBufferedBodyBytes}.");
        }

        if (options.MinBodyBytesPerSecond <= 0)
        {
            problems.Add($"Predict:MinBodyBytesPerSecond must be positive; it is {options.MinBodyBytesPerSecond}.");
        }

        if (options.MinBodyRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            problems.Add($"Predict:MinBodyRateGracePeriod must be more than 1 second (Kestrel's heartbeat); it is {options.MinBodyRateGracePeriod}.");
        }

        if (options.MaxBatchRows <= 0)
        {
            problems.Add("Predict:MaxBatchRows must be positive.");
        }

        if (options.MaxTensorElements <= 0)
        {
            problems.Add("Predict:MaxTensorElements must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
