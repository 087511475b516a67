using System.Globalization;
using System.Security.Cryptography;
using Hotswap.Contracts.Models;

namespace Hotswap.Registry.Versions;

/// <summary>
/// Writes through to another stream and measures what passes as a <see cref="VersionIntegrity"/> of its kind does
/// (a SHA-256, an MD5 or a byte count), so a download is checked while it streams. Going back to the start (a retried
/// body) starts the measure again. With a <paramref name="maxLength"/>, a write that would pass it throws what
/// <paramref name="tooLong"/> makes, before a byte of it is written.
/// </summary>
public sealed class DigestStream(Stream inner, IntegrityKind kind, long maxLength = long.MaxValue, Func<Exception>? tooLong = null) : Stream
{
    private IncrementalHash? _hash = New(kind);
    private long _length;

    /// <summary>What passed, written as <see cref="VersionIntegrity.Expected"/> is.</summary>
    public string Actual() =>
        _hash is null ? _length.ToString(CultureInfo.InvariantCulture) : Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The measure of a whole file, as <see cref="Actual"/> gives it.</summary>
    public static async Task<string> OfFileAsync(string path, IntegrityKind kind, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var digest = new DigestStream(Null, kind);
        await file.CopyToAsync(digest, cancellationToken);
        return digest.Actual();
    }

    public override bool CanRead => false;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureRoomFor(buffer.Length);
        inner.Write(buffer);
        Measure(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureRoomFor(buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken);
        Measure(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Only a return to the start is allowed: what was measured is forgotten with it.</summary>
    public override long Seek(long offset, SeekOrigin origin)
    {
        if (offset != 0 || origin != SeekOrigin.Begin)
        {
            throw new NotSupportedException("A digest can only start again from the beginning.");
        }

        Restart();
        return inner.Seek(0, SeekOrigin.Begin);
    }

    public override void SetLength(long value)
    {
        if (value == 0)
        {
            Restart();
        }

        inner.SetLength(value);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void EnsureRoomFor(int count)
    {
        if (count > maxLength - _length)
        {
            throw tooLong?.Invoke() ?? new InvalidDataException($"More than {maxLength} bytes were written.");
        }
    }

    private void Measure(ReadOnlySpan<byte> bytes)
    {
        _hash?.AppendData(bytes);
        _length += bytes.Length;
    }

    private void Restart()
    {
        _hash?.Dispose();
        _hash = New(kind);
        _length = 0;
    }

    private static IncrementalHash? New(IntegrityKind kind) => kind switch
    {
        IntegrityKind.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        IntegrityKind.Md5 => IncrementalHash.CreateHash(HashAlgorithmName.MD5),
        _ => null,
    };
}
