using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Observability;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// A version resolved in the store with its ONNX file downloaded and verified in the cache, not loaded yet; its swap
/// phases go on timing the load that follows.
/// </summary>
public sealed class FetchedVersion(ModelVersionInfo version, string path, SwapPhases phases) : IDisposable
{
    public ModelVersionInfo Version { get; } = version;

    /// <summary>The verified file in the model cache.</summary>
    public string Path { get; } = path;

    internal SwapPhases Phases { get; } = phases;

    public void Dispose() => Phases.Dispose();
}
