namespace Hotswap.Registry.Versions;

public sealed class ChecksumMismatchException(string model, string version, string expected, string actual)
    : Exception($"{model} version {version}: the downloaded ONNX file has SHA-256 {actual}, but the version records {expected}.")
{
    public string Model { get; } = model;
    public string Version { get; } = version;
}
