using Hotswap.Contracts.Models;

namespace Hotswap.Registry.Versions;

/// <summary>A downloaded ONNX file is not the one its version's integrity names.</summary>
public sealed class ChecksumMismatchException(string model, string version, VersionIntegrity integrity, string actual)
    : Exception($"{model} version {version}: the downloaded ONNX file has {Measure(integrity.Kind)} {actual}, but the version expects {integrity.Expected} ({integrity.Description}).")
{
    public string Model { get; } = model;
    public string Version { get; } = version;

    private static string Measure(IntegrityKind kind) => kind switch
    {
        IntegrityKind.Sha256 => "SHA-256",
        IntegrityKind.Md5 => "MD5",
        _ => "a size in bytes of",
    };
}
