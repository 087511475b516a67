using Hotswap.Onnx;

namespace Hotswap.Bench.Store;

/// <summary>The generated models the scenarios publish, serve and run in-process: the same graphs everywhere.</summary>
public static class BenchModels
{
    public const string Iris = "iris_model";
    public const string WakeWord = "wake_word";
    public const string Medium = "medium_model";
    public const string Large = "large_model";

    /// <summary>Iris-shaped: three float features, one output; version N answers <c>sum(features) + N</c>.</summary>
    public static GeneratedModel IrisVersion(int version) => GeneratedModel.Linear([1f, 1f, 1f], version);

    /// <summary>A wake-word-sized graph: about 1 MB of weights over 40 features (one frame of filterbank energies).</summary>
    public static GeneratedModel WakeWordVersion(int version) => GeneratedModel.OfSize(WakeWordFeatures, 1_000_000, seed: version);

    public const int WakeWordFeatures = 40;

    /// <summary>About 10 MB over the wake word's 40 features: a swap costs tens of milliseconds of checking, loading and warming.</summary>
    public static GeneratedModel MediumVersion(int version) => GeneratedModel.OfSize(WakeWordFeatures, 10_000_000, seed: version);

    /// <summary>A large graph of about <paramref name="bytes"/> over three features; each seed gives other weights.</summary>
    public static GeneratedModel LargeVersion(long bytes, int version) => GeneratedModel.OfSize(3, bytes, seed: version);
}
