using System.Buffers;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// A request body read whole into pooled memory, refused past the size limit without reading further, and refused
/// when its text cannot be decoded (<see cref="DecodableText"/>).
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw PredictionInputException.TooLarge($"The body has {request.ContentLength} bytes, more than {maxBytes} (Predict:MaxBodyBytes).");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw PredictionInputException.TooLarge($"The body is longer than {maxBytes} bytes (Predict:MaxBodyBytes).");
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            if (DecodableText.Problem(buffer.AsSpan(0, length)) is { } problem)
            {
                throw PredictionInputException.BadRequest(problem);
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A body made here rather than read (a CSV body rewritten as JSON), in pooled memory like one read.</summary>
    public static RequestBody Copy(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(buffer);
        return new RequestBody(buffer, bytes.Length);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
