using System.Collections.Concurrent;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Onnx;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// Versions for a worker without a store or a cache: every version is the same tiny generated graph, loaded into a real
/// ONNX Runtime session. A test breaks a version's load (or every restore), or holds a load in flight until it lets go.
/// </summary>
internal sealed class FakeVersionLoader : IVersionLoader, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hotswap-worker-{Guid.NewGuid():N}.onnx");
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<string, bool> _broken = new();

    public FakeVersionLoader(TimeProvider time)
    {
        _time = time;
        File.WriteAllBytes(_path, GeneratedModel.Linear([1f, 1f, 1f], 0f).ToOnnx());
    }

    /// <summary>Versions fetched, in order: a version a pass never aimed at is never here.</summary>
    public ConcurrentQueue<string> Fetches { get; } = new();

    public ConcurrentQueue<string> Loads { get; } = new();

    public ConcurrentQueue<string> Reloads { get; } = new();

    public bool ReloadBroken { get; set; }

    public void Break(string version) => _broken[version] = true;

    public void Repair(string version) => _broken.TryRemove(version, out _);

    /// <summary>The next load of <paramref name="version"/> waits until the returned source is completed.</summary>
    public TaskCompletionSource Hold(string version) =>
        _holds[version] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a load of <paramref name="version"/> has started.</summary>
    public Task Started(string version) => StartedSource(version).Task;

    public int LoadsOf(string version) => Loads.Count(v => v == version);

    public Task<FetchedVersion> FetchAsync(string model, ModelEntry entry, CancellationToken cancellationToken)
    {
        Fetches.Enqueue(entry.Version);
        var info = new ModelVersionInfo { Model = model, Version = entry.Version, Location = entry.Path, OnnxFile = "model.onnx", Sha256 = new string('a', 64), SizeBytes = 1, Signature = ModelSignature.Empty };
        return Task.FromResult(new FetchedVersion(info, _path, new SwapPhases(_time)));
    }

    public async Task<LoadedVersion> LoadAsync(FetchedVersion fetched, ModelSignature? servedSignature, bool force, CancellationToken cancellationToken)
    {
        var version = fetched.Version.Version;
        Loads.Enqueue(version);
        StartedSource(version).TrySetResult();
        if (_holds.TryRemove(version, out var hold))
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        return _broken.ContainsKey(version)
            ? throw new SwapException($"{fetched.Version.Model} version {version} fails on its input example: broken on purpose.")
            : new LoadedVersion(Serve(fetched.Version), new SwapDurations(0, 0, 0, 0, 0));
    }

    public Task<ServedModel> ReloadAsync(ServedModel released, CancellationToken cancellationToken)
    {
        Reloads.Enqueue(released.Version.Version);
        return ReloadBroken
            ? Task.FromException<ServedModel>(new SwapException($"{released.Version.Model} version {released.Version.Version}: the cached file is gone."))
            : Task.FromResult(Serve(released.Version));
    }

    public void Dispose() => File.Delete(_path);

    private TaskCompletionSource StartedSource(string version) =>
        _started.GetOrAdd(version, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private ServedModel Serve(ModelVersionInfo version)
    {
        var session = OnnxModelLoader.Load(_path, $"{version.Model} version {version.Version}");
        return new ServedModel(version, session, OnnxSignature.Read(session), _time.GetUtcNow());
    }
}
