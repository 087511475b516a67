namespace Hotswap.InferenceHost.Serving;

/// <summary>A request's hold on a <see cref="ServedModel"/>: the session stays alive until it is disposed.</summary>
public readonly struct ModelLease(ServedModel model) : IDisposable
{
    public ServedModel Model { get; } = model;

    public void Dispose() => Model.Release();
}
