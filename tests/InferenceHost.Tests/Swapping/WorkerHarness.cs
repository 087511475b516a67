using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Hubs;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry.DesiredState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>One <see cref="ModelWorker"/> of model <c>m</c> on a <see cref="FakeVersionLoader"/> and a <see cref="FakeTimeProvider"/>.</summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    /// <summary>How long a test waits for a pass: a real ONNX Runtime load on a busy 2-core machine.</summary>
    private static readonly TimeSpan PassTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _services;

    public WorkerHarness(SwapPolicy policy = SwapPolicy.AvailabilityPreserving, TimeSpan? keepPreviousFor = null)
    {
        Options = new SwapOptions { Policy = policy, KeepPreviousFor = keepPreviousFor ?? TimeSpan.FromSeconds(60), RetryBaseDelay = TimeSpan.FromSeconds(2) };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSignalR();
        services.AddSingleton<HostMeter>();
        services.AddSingleton<HubSubscribers>();
        services.AddSingleton<BackgroundFaults>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton<TimeProvider>(Time);
        _services = services.BuildServiceProvider();
        Loader = new FakeVersionLoader(Time);
        Slot = new ModelSlot("m");
        Worker = new ModelWorker(
            Slot, Loader, new SwapEvents([], NullLogger<SwapEvents>.Instance), Options, new GuardOptions(), Time, "test-host", NullLogger.Instance, _services.GetRequiredService<BackgroundFaults>());
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-12-02T08:00:00Z"));

    public SwapOptions Options { get; }

    public FakeVersionLoader Loader { get; }

    public ModelSlot Slot { get; }

    public ModelWorker Worker { get; }

    public string? Served => Slot.Current?.Version.Version;

    public static ModelEntry Entry(string version, string? candidate = null, RolloutMode mode = RolloutMode.Shadow) => new()
    {
        Model = "m",
        Version = version,
        Path = $"m/{version}",
        Candidate = candidate is null ? null : new RolloutCandidate { Version = candidate, Mode = mode, Weight = mode == RolloutMode.Canary ? 10 : 0, Path = $"m/{candidate}" },
    };

    /// <summary>Aims the worker at <paramref name="target"/> without waiting for the pass.</summary>
    public Task Start(ModelEntry target) => Worker.ConvergeAsync(target, "test");

    /// <summary>Aims the worker at <paramref name="target"/> and waits for the pass that serves the request.</summary>
    public Task ConvergeAsync(ModelEntry target) => Start(target).WaitAsync(PassTimeout);

    /// <summary>Aims the worker at <paramref name="target"/>; returns once the load of <paramref name="held"/> is in flight, held until the returned source completes.</summary>
    public async Task<TaskCompletionSource> InFlightAsync(ModelEntry target, string held)
    {
        var hold = Loader.Hold(held);
        _ = Start(target);
        await Within(Loader.Started(held));
        return hold;
    }

    public static Task Within(Task task) => task.WaitAsync(PassTimeout);

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        Loader.Dispose();
        await _services.DisposeAsync();
    }
}
