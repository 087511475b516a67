using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// How a worker gets versions ready to serve, off the request path. <see cref="ModelLoader"/> reads the store and the
/// cache; tests give the worker versions without either.
/// </summary>
public interface IVersionLoader
{
    /// <summary>Resolves the version and downloads and verifies its ONNX file; loads nothing.</summary>
    Task<FetchedVersion> FetchAsync(string model, ModelEntry entry, CancellationToken cancellationToken);

    /// <summary>Creates the session of a fetched version, checks its signature against the served one, validates it and warms it up.</summary>
    Task<LoadedVersion> LoadAsync(FetchedVersion fetched, ModelSignature? servedSignature, bool force, CancellationToken cancellationToken);

    /// <summary>Loads a version that was served and released again from its cached file, without reading the store.</summary>
    Task<ServedModel> ReloadAsync(ServedModel released, CancellationToken cancellationToken);
}

public static class VersionLoaderExtensions
{
    /// <summary>Fetches and loads <paramref name="entry"/> in one go: what a load does when nothing must be released between.</summary>
    public static async Task<LoadedVersion> LoadAsync(this IVersionLoader loader, string model, ModelEntry entry, ModelSignature? servedSignature, bool force, CancellationToken cancellationToken)
    {
        using var fetched = await loader.FetchAsync(model, entry, cancellationToken);
        return await loader.LoadAsync(fetched, servedSignature, force, cancellationToken);
    }
}
