using System.Numerics;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// A request body read whole into pooled memory that grows with the bytes that actually arrive (not with the length a
/// client declares), within the host's <see cref="BodyBudget"/>; refused past the size limit without reading further,
/// and refused when its text cannot be decoded (<see cref="DecodableText"/>).
/// </summary>
public sealed class RequestBody : IDisposable
{
    /// <summary>The first buffer of a body that declares more, or no length: a slow sender pins no more than this.</summary>
    public const int FirstBufferBytes = 16 * 1024;

    private readonly BodyBudget _budget;
    private byte[] _buffer;
    private int _charged;

    private RequestBody(byte[] buffer, int length, BodyBudget budget, int charged)
    {
        _buffer = buffer;
        Length = length;
        _budget = budget;
        _charged = charged;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, BodyBudget budget, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw PredictionInputException.TooLarge($"The body has {request.ContentLength} bytes, more than {maxBytes} (Predict:MaxBodyBytes).");
        }

        // Kestrel ends a body at its declared length; one without (chunked) is read up to one byte past the limit.
        var limit = (int)(request.ContentLength ?? maxBytes + 1L);
        var charged = BufferSize(Math.Min(limit, FirstBufferBytes));
        var buffer = budget.Rent(charged);
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == charged)
                {
                    var larger = BufferSize(Math.Min((long)charged * 2, limit));
                    var grown = budget.Rent(larger);
                    buffer.AsSpan(0, length).CopyTo(grown);
                    budget.Return(buffer, charged);
                    (buffer, charged) = (grown, larger);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(charged, limit) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > maxBytes)
            {
                throw PredictionInputException.TooLarge($"The body is longer than {maxBytes} bytes (Predict:MaxBodyBytes).");
            }

            if (DecodableText.Problem(buffer.AsSpan(0, length)) is { } problem)
            {
                throw PredictionInputException.BadRequest(problem);
            }

            return new RequestBody(buffer, length, budget, charged);
        }
        catch
        {
            budget.Return(buffer, charged);
            throw;
        }
    }

    /// <summary>A body made from this one (a CSV body rewritten as JSON), in pooled memory within the same budget.</summary>
    public RequestBody Rewritten(ReadOnlySpan<byte> bytes)
    {
        var charged = BufferSize(bytes.Length);
        var buffer = _budget.Rent(charged);
        bytes.CopyTo(buffer);
        return new RequestBody(buffer, bytes.Length, _budget, charged);
    }

    public void Dispose()
    {
        _budget.Return(_buffer, _charged);
        _buffer = [];
        _charged = 0;
    }

    /// <summary>The power of two the shared pool hands out for <paramref name="bytes"/>, so the budget counts what is really held.</summary>
    private static int BufferSize(long bytes) => (int)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(16, bytes));
}
