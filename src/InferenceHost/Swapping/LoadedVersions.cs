using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// The versions of one model this host holds, as its worker's last step left them; the worker replaces it whole.
/// <see cref="Served"/> is what the slot publishes; <see cref="Candidate"/> a rollout's candidate, loaded beside it;
/// <see cref="Previous"/> the version a swap replaced, kept warm until <see cref="KeepPreviousUntil"/> so a rollback is
/// instant; <see cref="Released"/> a version a resource-preserving swap released, until it is restored or replaced.
/// </summary>
public sealed record LoadedVersions(
    ServedModel? Served,
    ServedModel? Candidate,
    ServedModel? Previous,
    DateTimeOffset? KeepPreviousUntil,
    ServedModel? Released)
{
    public static LoadedVersions None { get; } = new(null, null, null, null, null);

    /// <summary>Whether <paramref name="model"/> is the version <paramref name="entry"/> names, with the content it names when it gives a SHA-256.</summary>
    public static bool Serves(ServedModel model, ModelEntry entry) =>
        model.Version.Version == entry.Version &&
        (entry.Sha256 is not { Length: > 0 } sha || sha.Equals(model.Version.Sha256, StringComparison.OrdinalIgnoreCase));
}
