using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests;

/// <summary>Small, readable pieces of fleet state for component tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static readonly ModelSignature Iris = new(
        [new TensorSpec("features", "float32", [-1, 3])],
        [new TensorSpec("Score.output", "float32", [-1, 1])]);

    public static HostState Host(string url, params ModelStatus[] models) =>
        new(url, HostConnectionState.Connected, At, new HostStatus { HostId = new Uri(url).Authority, Mode = "Poll", Policy = "AvailabilityPreserving", LastCheck = At, Models = models }, null);

    /// <summary>A host that announced itself from pod <paramref name="id"/> in namespace <c>prod</c>, serving <paramref name="models"/>.</summary>
    public static HostState Announced(string id, params ModelStatus[] models) =>
        new($"http://{id}.hosts.prod:8080", HostConnectionState.Connected, At, new HostStatus { HostId = id, Mode = "Poll", Policy = "AvailabilityPreserving", LastCheck = At, Models = models }, null)
        {
            Kind = HostKind.Announced,
            Announcement = new HostAnnouncement(id, $"http://{id}.hosts.prod:8080", "Poll", "AvailabilityPreserving", "1.4.0+abc123", new InstanceFacts(id, "prod", null, $"node-{id}")),
        };

    /// <summary>A model whose swap to <paramref name="desired"/> failed while <paramref name="served"/> keeps answering.</summary>
    public static ModelStatus Failing(string model, string served, string desired, string error) =>
        Serving(model, served, desired) with { State = ModelState.Failed, LastError = error };

    public static ModelStatus Serving(string model, string served, string? desired = null, bool pinned = false) => new()
    {
        Model = model,
        ServedVersion = served,
        DesiredVersion = desired ?? served,
        Pinned = pinned,
        State = desired is null || desired == served ? ModelState.Serving : ModelState.Swapping,
        Signature = Iris,
    };

    public static ModelVersionInfo Version(string model, string version) => new()
    {
        Model = model,
        Version = version,
        Location = $"s3://models/{model}/{version}",
        OnnxFile = "model.onnx",
        Sha256 = $"{version}abcdef0123456789",
        SizeBytes = 2048,
        CreatedAt = At,
        RunId = $"run-{version}",
        Signature = Iris,
        Metrics = new Dictionary<string, double> { ["r2"] = 0.96 },
    };

    public static FeedEntry Feed(long sequence, int secondsAfter, string host, string model, FeedEventKind kind, string to) =>
        new(sequence, At.AddSeconds(secondsAfter), $"http://{host}", host, model, kind, "1", to, $"swap-{sequence}",
            kind == FeedEventKind.Succeeded ? new SwapDurations(1, 2, 3, 4, 10) : null, null);
}
