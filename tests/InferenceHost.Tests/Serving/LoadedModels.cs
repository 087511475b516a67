using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Serving;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>Served versions made straight from an ONNX file, without a store or a swap.</summary>
internal static class LoadedModels
{
    /// <summary>A version of model <c>m</c>; <paramref name="signature"/> replaces what the graph declares.</summary>
    public static ServedModel Load(string path, string version, ModelSignature? signature = null)
    {
        var session = OnnxModelLoader.Load(path, "test model");
        var info = new ModelVersionInfo { Model = "m", Version = version, Location = "", OnnxFile = "model.onnx", Sha256 = new string('a', 64), SizeBytes = 1, Signature = ModelSignature.Empty };
        return new ServedModel(info, session, signature ?? OnnxSignature.Read(session), DateTimeOffset.UnixEpoch);
    }
}
