using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Configuration;

/// <summary><c>Swap:*</c>: how this host follows the desired state.</summary>
public sealed class SwapOptions
{
    public const string Section = "Swap";

    [Description("How often the desired state is read (a 304 when unchanged).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Description("Poll (a background loop), OnRequest (a request past the interval starts a check; for serverless hosts) or Inline (benchmark baseline).")]
    public SwapMode Mode { get; set; } = SwapMode.Poll;

    [Description("AvailabilityPreserving (the new version loads beside the old) or ResourcePreserving (the old one is released first; 503 meanwhile).")]
    public SwapPolicy Policy { get; set; } = SwapPolicy.AvailabilityPreserving;

    [Description("Models to serve; empty serves every model of the desired state.")]
    public string[] Models { get; set; } = [];

    [Description("Where downloaded versions are kept, checked against their SHA-256 before each load.")]
    [DefaultValue("<temp directory>/hotswap-cache")]
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "hotswap-cache");

    /// <summary>
    /// The most bytes of versions kept in <see cref="CacheDirectory"/>: least recently used files go after each download
    /// and at start-up, never one in use, so a larger version still loads. 1 GiB holds the served, previous and candidate
    /// versions of models of a few hundred MB and leaves room in a small volume; under Lambda's default 512 MiB /tmp,
    /// set it lower (e.g. 384 MiB).
    /// </summary>
    [Description("The most bytes of versions kept in the cache directory; least recently used ones go first, never one in use.")]
    public long CacheMaxBytes { get; set; } = 1L << 30;

    [Description("How long a whole download may take; ModelStore:Timeout bounds each read, this a store that trickles bytes forever.")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Lets ONNX Runtime pre-pack weights into its MatMul layout: faster large batches, at the cost of a second copy
    /// of the weights for as long as a version is loaded (and two versions are loaded during a swap).
    /// </summary>
    [Description("Lets ONNX Runtime pre-pack weights: faster large batches, a second copy of the weights in memory.")]
    public bool PrepackWeights { get; set; }

    /// <summary>
    /// Refuses a version that nothing validates (no input example, and every generated input fails) instead of serving
    /// it with a warning.
    /// </summary>
    [Description("Refuses a version that nothing validates (no input example, every generated input fails) instead of serving it with a warning.")]
    public bool RequireValidation { get; set; }

    [Description("Inference runs on a new version before it takes traffic.")]
    public int WarmupRuns { get; set; } = 10;

    /// <summary>
    /// Warm-up stops early once it has run this long (after at least one run): the first runs do what warming is for,
    /// and ten runs of a large model would hold a core that the requests being served need.
    /// </summary>
    [Description("Warm-up stops early once it has run this long (after at least one run).")]
    public TimeSpan WarmupBudget { get; set; } = TimeSpan.FromMilliseconds(100);

    [Description("First delay before a failed swap is retried; it doubles on each failure up to Swap:RetryMaxDelay.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Description("The longest delay between retries of a failed swap.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    [Description("How long the version a swap replaces stays loaded beside the new one, so a rollback (an operator's or the guard's) is a single exchange; 0 retires it at once. AvailabilityPreserving only.")]
    public TimeSpan KeepPreviousFor { get; set; } = TimeSpan.FromSeconds(60);

    [Description("How long a control command (or, in Inline mode, a request) waits for this host's swap before answering.")]
    public TimeSpan ControlWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Description("Names this host in events and status; empty: machine name and process id.")]
    public string? HostId { get; set; }

    /// <summary><see cref="HostId"/>, or its default when none is configured.</summary>
    public string ResolvedHostId => HostId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>The <c>Swap:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class SwapKeys
{
    public const string PollInterval = $"{SwapOptions.Section}:{nameof(SwapOptions.PollInterval)}";
    public const string Mode = $"{SwapOptions.Section}:{nameof(SwapOptions.Mode)}";
    public const string Policy = $"{SwapOptions.Section}:{nameof(SwapOptions.Policy)}";
    public const string Models = $"{SwapOptions.Section}:{nameof(SwapOptions.Models)}";
    public const string CacheDirectory = $"{SwapOptions.Section}:{nameof(SwapOptions.CacheDirectory)}";
    public const string CacheMaxBytes = $"{SwapOptions.Section}:{nameof(SwapOptions.CacheMaxBytes)}";
    public const string DownloadTimeout = $"{SwapOptions.Section}:{nameof(SwapOptions.DownloadTimeout)}";
    public const string PrepackWeights = $"{SwapOptions.Section}:{nameof(SwapOptions.PrepackWeights)}";
    public const string RequireValidation = $"{SwapOptions.Section}:{nameof(SwapOptions.RequireValidation)}";
    public const string WarmupRuns = $"{SwapOptions.Section}:{nameof(SwapOptions.WarmupRuns)}";
    public const string WarmupBudget = $"{SwapOptions.Section}:{nameof(SwapOptions.WarmupBudget)}";
    public const string RetryBaseDelay = $"{SwapOptions.Section}:{nameof(SwapOptions.RetryBaseDelay)}";
    public const string RetryMaxDelay = $"{SwapOptions.Section}:{nameof(SwapOptions.RetryMaxDelay)}";
    public const string KeepPreviousFor = $"{SwapOptions.Section}:{nameof(SwapOptions.KeepPreviousFor)}";
    public const string ControlWaitTimeout = $"{SwapOptions.Section}:{nameof(SwapOptions.ControlWaitTimeout)}";
    public const string HostId = $"{SwapOptions.Section}:{nameof(SwapOptions.HostId)}";
}

public enum SwapMode
{
    /// <summary>A background loop reads the desired state every poll interval.</summary>
    Poll,

    /// <summary>No timers (serverless hosts freeze between invocations): a request that finds the last check older than the interval starts one in the background.</summary>
    OnRequest,

    /// <summary>
    /// A baseline for benchmarks, not for production: the seed's pattern. No timers; a request that finds the last
    /// check older than the interval checks and loads the new version itself, and every request arriving meanwhile waits.
    /// </summary>
    Inline,
}

public enum SwapPolicy
{
    /// <summary>The new version loads beside the old one; requests never notice the swap.</summary>
    AvailabilityPreserving,

    /// <summary>For memory-capped hosts: the old version is drained and released first; requests in that window get 503 with Retry-After.</summary>
    ResourcePreserving,
}

public sealed class SwapOptionsValidator : IValidateOptions<SwapOptions>
{
    public ValidateOptionsResult Validate(string? name, SwapOptions options)
    {
        var problems = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SwapKeys.PollInterval} must be positive.");
        }

        if (options.WarmupRuns < 0)
        {
            problems.Add($"{SwapKeys.WarmupRuns} must not be negative.");
        }

        if (options.WarmupBudget < TimeSpan.Zero)
        {
            problems.Add($"{SwapKeys.WarmupBudget} must not be negative.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            problems.Add($"{SwapKeys.RetryBaseDelay} must be positive and at most {SwapKeys.RetryMaxDelay}.");
        }

        if (options.KeepPreviousFor < TimeSpan.Zero)
        {
            problems.Add($"{SwapKeys.KeepPreviousFor} must not be negative (it is {options.KeepPreviousFor}).");
        }

        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            problems.Add($"{SwapKeys.CacheDirectory} is required.");
        }

        if (options.CacheMaxBytes <= 0)
        {
            problems.Add($"{SwapKeys.CacheMaxBytes} must be positive (it is {options.CacheMaxBytes}).");
        }

        if (options.DownloadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{SwapKeys.DownloadTimeout} must be positive (it is {options.DownloadTimeout}).");
        }

        problems.AddRange(options.Models.Where(m => !Registry.Naming.IsValidModel(m)).Select(m => $"{SwapKeys.Models} names '{m}', which is not a valid model name."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
