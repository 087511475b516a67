using System.Text;

namespace Hotswap.Testing.Hosts.Fuzzing;

/// <summary>One generated request that the host must refuse.</summary>
public sealed record FuzzRequest(string Category, string Path, string? ContentType, byte[] Body, bool Chunked)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Body);
        return $"{Category} POST {Path} ({ContentType ?? "no content type"}, {Body.Length} bytes{(Chunked ? ", chunked" : "")}): {(text.Length > 300 ? text[..300] + "…" : text)}";
    }
}
