using Hotswap.Contracts.Models;

namespace Hotswap.Registry.Versions;

/// <summary>A downloaded ONNX file is not the one its version's integrity names.</summary>
public sealed class ChecksumMismatchException : Exception
{
    public ChecksumMismatchException(string model, string version, VersionIntegrity integrity, string actual)
        : this(model, version, $"{model} version {version}: the downloaded ONNX file has {Measure(integrity.Kind)} {actual}, but the version expects {integrity.Expected} ({integrity.Description}).")
    {
    }

    /// <summary>A mismatch found before the whole file was read, as <paramref name="message"/> says.</summary>
    public ChecksumMismatchException(string model, string version, string message)
        : base(message)
    {
        Model = model;
        Version = version;
    }

    public string Model { get; }
    public string Version { get; }

    private static string Measure(IntegrityKind kind) => kind switch
    {
        IntegrityKind.Sha256 => "SHA-256",
        IntegrityKind.Md5 => "MD5",
        _ => "a size in bytes of",
    };
}
