using Hotswap.Onnx;

namespace Hotswap.Publisher.Tests.Support;

/// <summary>ONNX files (and not-quite-ONNX files) written into a test's own temporary directory.</summary>
public sealed class OnnxFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hotswap-publisher-tests-").FullName;

    public string Linear(float bias = 0.5f) => Write(GeneratedModel.Linear([1f, 2f, 3f], bias).ToOnnx());

    public string OfSize(long approximateBytes) => Write(GeneratedModel.OfSize(inputs: 3, approximateBytes).ToOnnx());

    public string Write(byte[] content, string name = "model.onnx")
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
