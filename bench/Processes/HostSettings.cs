namespace Hotswap.Bench.Processes;

/// <summary>How one inference host process is configured: everything goes in through environment variables.</summary>
public sealed record HostSettings
{
    /// <summary>The local-directory model store (ModelStore:Uri), so the store adds no network noise.</summary>
    public required string StoreDirectory { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Swap:Mode: <c>Poll</c> (ours), <c>OnRequest</c>, or the seed's <c>Inline</c> baseline.</summary>
    public string Mode { get; init; } = "Poll";

    /// <summary>Swap:Models; empty serves every model of the desired state.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The host's entry assembly (the build output, a JIT publish) or a Native AOT executable, for cold start.</summary>
    public string EntryPoint { get; init; } = BuiltApplications.InferenceHostDll;

    /// <summary>More host configuration, by key (<c>Guard:Window</c>), passed as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();

    /// <summary>Runtime knobs (DOTNET_TieredPGO and the like) for a cold-start variant.</summary>
    public IReadOnlyDictionary<string, string> Runtime { get; init; } = new Dictionary<string, string>();
}
