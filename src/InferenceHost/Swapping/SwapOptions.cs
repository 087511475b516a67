using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary><c>Swap:*</c>: how this host follows the desired state.</summary>
public sealed class SwapOptions
{
    public const string Section = "Swap";

    /// <summary>How often the desired state is read (a 304 when unchanged).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public SwapMode Mode { get; set; } = SwapMode.Poll;

    public SwapPolicy Policy { get; set; } = SwapPolicy.AvailabilityPreserving;

    /// <summary>Models to serve; empty serves every model of the desired state.</summary>
    public string[] Models { get; set; } = [];

    /// <summary>Where downloaded versions are kept, checked against their SHA-256 before each load.</summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "hotswap-cache");

    /// <summary>
    /// The most bytes of versions kept in <see cref="CacheDirectory"/>: least recently used files go after each download
    /// and at start-up, never one in use, so a larger version still loads. 1 GiB holds the served, previous and candidate
    /// versions of models of a few hundred MB and leaves room in a small volume; under Lambda's default 512 MiB /tmp,
    /// set it lower (e.g. 384 MiB).
    /// </summary>
    public long CacheMaxBytes { get; set; } = 1L << 30;

    /// <summary>How long a whole download may take; ModelStore:Timeout bounds each read, this a store that trickles bytes forever.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Lets ONNX Runtime pre-pack weights into its MatMul layout: faster large batches, at the cost of a second copy
    /// of the weights for as long as a version is loaded (and two versions are loaded during a swap).
    /// </summary>
    public bool PrepackWeights { get; set; }

    /// <summary>
    /// Refuses a version that nothing validates (no input example, and every generated input fails) instead of serving
    /// it with a warning.
    /// </summary>
    public bool RequireValidation { get; set; }

    /// <summary>Inference runs on a new version before it takes traffic.</summary>
    public int WarmupRuns { get; set; } = 10;

    /// <summary>
    /// Warm-up stops early once it has run this long (after at least one run): the first runs do what warming is for,
    /// and ten runs of a large model would hold a core that the requests being served need.
    /// </summary>
    public TimeSpan WarmupBudget { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First delay before a failed swap is retried; it doubles on each failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the version a swap replaces stays loaded beside the new one, so that a rollback (an operator's or the
    /// guard's) is a single exchange; zero retires it at once. Only under <see cref="SwapPolicy.AvailabilityPreserving"/>.
    /// </summary>
    public TimeSpan KeepPreviousFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a control command (or, in <see cref="SwapMode.Inline"/>, a request) waits for this host's swap before answering.</summary>
    public TimeSpan ControlWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Names this host in events and status; defaults to machine name and process id.</summary>
    public string? HostId { get; set; }

    /// <summary><see cref="HostId"/>, or its default when none is configured.</summary>
    public string ResolvedHostId => HostId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
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
            problems.Add("Swap:PollInterval must be positive.");
        }

        if (options.WarmupRuns < 0)
        {
            problems.Add("Swap:WarmupRuns must not be negative.");
        }

        if (options.WarmupBudget < TimeSpan.Zero)
        {
            problems.Add("Swap:WarmupBudget must not be negative.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            problems.Add("Swap:RetryBaseDelay must be positive and at most Swap:RetryMaxDelay.");
        }

        if (options.KeepPreviousFor < TimeSpan.Zero)
        {
            problems.Add($"Swap:KeepPreviousFor must not be negative (it is {options.KeepPreviousFor}).");
        }

        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            problems.Add("Swap:CacheDirectory is required.");
        }

        if (options.CacheMaxBytes <= 0)
        {
            problems.Add($"Swap:CacheMaxBytes must be positive (it is {options.CacheMaxBytes}).");
        }

        if (options.DownloadTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Swap:DownloadTimeout must be positive (it is {options.DownloadTimeout}).");
        }

        problems.AddRange(options.Models.Where(m => !Registry.Naming.IsValidModel(m)).Select(m => $"Swap:Models names '{m}', which is not a valid model name."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
