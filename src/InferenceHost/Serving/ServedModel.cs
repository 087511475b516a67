using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.Extensions.Primitives;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// One loaded, validated and warmed model version: an immutable snapshot that requests lease. Once retired (replaced
/// or removed) it takes no new leases and disposes its ONNX Runtime session when the last lease is released, so no
/// request ever runs on a disposed session and no session is leaked.
/// </summary>
public sealed class ServedModel
{
    private readonly InferenceSession _session;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>The number of leases, and <see cref="RetiredBit"/> once retired: one word, so no lease can be taken
    /// between the last release being counted and the retirement being seen.</summary>
    private int _state;
    private const int RetiredBit = 1 << 30;

    public ServedModel(ModelVersionInfo version, InferenceSession session, ModelSignature signature, DateTimeOffset loadedAt)
    {
        Version = version;
        _session = session;
        Signature = signature;
        LoadedAt = loadedAt;
        InputNames = [.. signature.Inputs.Select(i => i.Name)];
        OutputNames = [.. signature.Outputs.Select(o => o.Name)];
        OutputLayout = OutputLayout.Of(signature);
        VersionHeader = version.Version;
        NameHeader = version.Model;
        Sha256Header = version.Sha256 is { } sha256 ? sha256[..Math.Min(12, sha256.Length)] : StringValues.Empty;
    }

    public ModelVersionInfo Version { get; }
    public ModelSignature Signature { get; }
    public DateTimeOffset LoadedAt { get; }
    public string[] InputNames { get; }
    public string[] OutputNames { get; }

    /// <summary>What validated this version (see <see cref="Contracts.Status.ModelStatus.Validation"/>), set by the loader before it is published.</summary>
    public string? Validation { get; internal set; }

    /// <summary>This version's requests, failures, latencies and comparisons over the guard's window.</summary>
    public VersionWindow Window { get; } = new();

    /// <summary>How requests rent this version's outputs; null when ONNX Runtime must allocate them.</summary>
    internal OutputLayout? OutputLayout { get; }

    // Response headers, built once per version rather than once per request.
    public StringValues VersionHeader { get; }
    public StringValues NameHeader { get; }
    public StringValues Sha256Header { get; }

    /// <summary>Completes once the model is retired and its session disposed.</summary>
    public Task Released => _released.Task;

    /// <summary>The session, valid only while a lease is held.</summary>
    internal InferenceSession Session => _session;

    internal bool TryAcquire()
    {
        var state = Volatile.Read(ref _state);
        while ((state & RetiredBit) == 0)
        {
            var seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                return true;
            }

            state = seen;
        }

        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _state) == RetiredBit)
        {
            // The last request of a retired version: the session is released on the thread pool, not on this request.
            ThreadPool.UnsafeQueueUserWorkItem(static model => model.Dispose(), this, preferLocal: false);
        }
    }

    /// <summary>Takes no new leases; disposes the session when the in-flight ones end. A second call does nothing.</summary>
    public void Retire()
    {
        if (Interlocked.Or(ref _state, RetiredBit) == 0)
        {
            Dispose();
        }
    }

    /// <summary>Reached exactly once: by <see cref="Retire"/> with no lease held, or by the release of the last lease after it.</summary>
    private void Dispose()
    {
        _session.Dispose();
        _released.TrySetResult();
    }
}
