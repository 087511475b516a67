using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Configuration;

/// <summary>
/// <c>Predict:*</c>: what one prediction request may carry (beyond these it gets 413), how bodies are read, and who may
/// predict how often. API keys and the rate limit are off by default, and then <c>/predict</c> pays nothing for them.
/// </summary>
public sealed class PredictLimits
{
    public const string Section = "Predict";

    /// <summary>The largest body the host reads: 1 GiB, the largest buffer the shared pool hands out.</summary>
    public const int LargestBodyBytes = 1 << 30;

    [Description("The largest request body, in bytes (at most 1 GiB); a larger one gets 413.")]
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <remarks>At least 4 × <see cref="MaxBodyBytes"/>, so one body at the limit fits while its buffer doubles.</remarks>
    [Description("Pooled memory all request bodies may hold at once (being read, or waiting for a shadow comparison); past it a body gets 503 and Retry-After.")]
    public long MaxBufferedBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <remarks>A client sending a body more slowly is cut off, so a slow sender cannot hold a connection and its buffer.</remarks>
    [Description("Kestrel's minimum request body data rate in bytes per second, averaged after the grace period.")]
    public int MinBodyBytesPerSecond { get; set; } = 4096;

    [Description("How long a body may arrive more slowly than the minimum rate before the rate counts (more than 1 s, Kestrel's heartbeat).")]
    public TimeSpan MinBodyRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    [Description("Rows in one request (the first dimension of each input).")]
    public int MaxBatchRows { get; set; } = 10_000;

    [Description("Elements in one input tensor of one request.")]
    public int MaxTensorElements { get; set; } = 1_000_000;

    [Description("Keys a caller must send (X-Api-Key or Authorization: Bearer), at least 16 characters each; empty leaves prediction open.")]
    public string[] ApiKeys { get; set; } = [];

    public PredictRateLimit RateLimit { get; set; } = new();
}

/// <summary><c>Predict:RateLimit:*</c>: a token bucket per client, the caller's API key when it sends a valid one, its IP address otherwise.</summary>
public sealed class PredictRateLimit
{
    [Description("Requests each client may make per second on average; 0 turns rate limiting off.")]
    public int PermitsPerSecond { get; set; }

    [Description("Requests a client may make at once after being idle; 0 means as many as PermitsPerSecond.")]
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int BucketSize => Burst > 0 ? Burst : PermitsPerSecond;
}

/// <summary>The <c>Predict:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class PredictKeys
{
    public const string MaxBodyBytes = $"{PredictLimits.Section}:{nameof(PredictLimits.MaxBodyBytes)}";
    public const string MaxBufferedBodyBytes = $"{PredictLimits.Section}:{nameof(PredictLimits.MaxBufferedBodyBytes)}";
    public const string MinBodyBytesPerSecond = $"{PredictLimits.Section}:{nameof(PredictLimits.MinBodyBytesPerSecond)}";
    public const string MinBodyRateGracePeriod = $"{PredictLimits.Section}:{nameof(PredictLimits.MinBodyRateGracePeriod)}";
    public const string MaxBatchRows = $"{PredictLimits.Section}:{nameof(PredictLimits.MaxBatchRows)}";
    public const string MaxTensorElements = $"{PredictLimits.Section}:{nameof(PredictLimits.MaxTensorElements)}";
    public const string ApiKeys = $"{PredictLimits.Section}:{nameof(PredictLimits.ApiKeys)}";
    public const string RateLimit = $"{PredictLimits.Section}:{nameof(PredictLimits.RateLimit)}";
    public const string RateLimitPermitsPerSecond = $"{RateLimit}:{nameof(PredictRateLimit.PermitsPerSecond)}";
    public const string RateLimitBurst = $"{RateLimit}:{nameof(PredictRateLimit.Burst)}";
}

/// <summary>Reports every problem of <see cref="PredictLimits"/> at once, at start-up.</summary>
public sealed class PredictLimitsValidator : IValidateOptions<PredictLimits>
{
    /// <summary>Short keys can be guessed; 16 characters is the least a generated key has.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, PredictLimits options)
    {
        var problems = new List<string>();
        if (options.MaxBodyBytes is <= 0 or > PredictLimits.LargestBodyBytes)
        {
            problems.Add($"{PredictKeys.MaxBodyBytes} must be positive and at most {PredictLimits.LargestBodyBytes} (1 GiB); it is {options.MaxBodyBytes}.");
        }

        if (options.MaxBufferedBodyBytes < 4L * options.MaxBodyBytes)
        {
            problems.Add($"{PredictKeys.MaxBufferedBodyBytes} must be at least 4 × {PredictKeys.MaxBodyBytes} ({4L * options.MaxBodyBytes}), so a body at the limit fits while its buffer grows; it is {options.MaxBufferedBodyBytes}.");
        }

        if (options.MinBodyBytesPerSecond <= 0)
        {
            problems.Add($"{PredictKeys.MinBodyBytesPerSecond} must be positive; it is {options.MinBodyBytesPerSecond}.");
        }

        if (options.MinBodyRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            problems.Add($"{PredictKeys.MinBodyRateGracePeriod} must be more than 1 second (Kestrel's heartbeat); it is {options.MinBodyRateGracePeriod}.");
        }

        if (options.MaxBatchRows <= 0)
        {
            problems.Add($"{PredictKeys.MaxBatchRows} must be positive.");
        }

        if (options.MaxTensorElements <= 0)
        {
            problems.Add($"{PredictKeys.MaxTensorElements} must be positive.");
        }

        AddAccessProblems(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void AddAccessProblems(PredictLimits options, List<string> problems)
    {
        for (var i = 0; i < options.ApiKeys.Length; i++)
        {
            if (options.ApiKeys[i] is not { Length: >= MinKeyLength } key || key.Trim() != key)
            {
                problems.Add($"{PredictKeys.ApiKeys}:{i} must be at least {MinKeyLength} characters, without leading or trailing spaces.");
            }
        }

        if (options.RateLimit.PermitsPerSecond < 0)
        {
            problems.Add($"{PredictKeys.RateLimitPermitsPerSecond} must not be negative (0 turns rate limiting off).");
        }

        if (options.RateLimit.Burst < 0)
        {
            problems.Add($"{PredictKeys.RateLimitBurst} must not be negative.");
        }
        else if (options.RateLimit.Burst > 0 && options.RateLimit.PermitsPerSecond == 0)
        {
            problems.Add($"{PredictKeys.RateLimitBurst} needs {PredictKeys.RateLimitPermitsPerSecond}.");
        }
    }
}
