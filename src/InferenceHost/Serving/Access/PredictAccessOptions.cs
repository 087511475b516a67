using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving.Access;

/// <summary>
/// <c>Predict:ApiKeys</c> and <c>Predict:RateLimit:*</c>: who may predict, and how often. Both are off by default,
/// and then <c>/predict</c> pays nothing for them.
/// </summary>
public sealed class PredictAccessOptions
{
    public const string Section = "Predict";

    /// <summary>Keys a caller must send (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>); empty leaves prediction open.</summary>
    public string[] ApiKeys { get; set; } = [];

    public PredictRateLimit RateLimit { get; set; } = new();
}

/// <summary>A token bucket per client: the caller's API key when it sends a valid one, its IP address otherwise.</summary>
public sealed class PredictRateLimit
{
    /// <summary>Requests each client may make per second on average; 0 turns rate limiting off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests a client may make at once after being idle; 0 means as many as <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int BucketSize => Burst > 0 ? Burst : PermitsPerSecond;
}

public sealed class PredictAccessOptionsValidator : IValidateOptions<PredictAccessOptions>
{
    /// <summary>Short keys can be guessed; 16 characters is the least a generated key has.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, PredictAccessOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Length; i++)
        {
            if (options.ApiKeys[i] is not { Length: >= MinKeyLength } key || key.Trim() != key)
            {
                problems.Add($"Predict:ApiKeys:{i} must be at least {MinKeyLength} characters, without leading or trailing spaces.");
            }
        }

        if (options.RateLimit.PermitsPerSecond < 0)
        {
            problems.Add("Predict:RateLimit:PermitsPerSecond must not be negative (0 turns rate limiting off).");
        }

        if (options.RateLimit.Burst < 0)
        {
            problems.Add("Predict:RateLimit:Burst must not be negative.");
        }
        else if (options.RateLimit.Burst > 0 && options.RateLimit.PermitsPerSecond == 0)
        {
            problems.Add("Predict:RateLimit:Burst needs Predict:RateLimit:PermitsPerSecond.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
