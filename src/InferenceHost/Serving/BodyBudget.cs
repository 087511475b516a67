using System.Buffers;
using System.Diagnostics.Metrics;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving.Inputs;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// The bytes of pooled memory all request bodies hold at once, bounded by <c>Predict:MaxBufferedBodyBytes</c>. A body
/// takes its share before it rents a buffer, so a refusal costs no memory; a request that finds the budget spent is
/// refused at once (503), never queued. Lock-free: one <see cref="Interlocked"/> counter, observable as the gauge
/// <c>hotswap.request_body.buffered</c>.
/// </summary>
public sealed class BodyBudget
{
    private long _buffered;

    public BodyBudget(IOptions<PredictLimits> limits, HostMeter meter)
    {
        Limit = limits.Value.MaxBufferedBodyBytes;
        meter.Meter.CreateObservableGauge("hotswap.request_body.buffered", () => Buffered, "By", "Pooled memory held by prediction request bodies being read or waiting for a shadow comparison.");
    }

    public long Limit { get; }

    public long Buffered => Volatile.Read(ref _buffered);

    /// <summary>Rents a buffer of exactly <paramref name="bytes"/> (a power of two, as the shared pool hands out) once the budget allows it.</summary>
    public byte[] Rent(int bytes)
    {
        if (Interlocked.Add(ref _buffered, bytes) > Limit)
        {
            Interlocked.Add(ref _buffered, -bytes);
            throw new PredictionInputException(
                StatusCodes.Status503ServiceUnavailable,
                $"Request bodies already hold close to {Limit} bytes of memory on this host (Predict:MaxBufferedBodyBytes); this body needs {bytes} more. Retry shortly.");
        }

        return ArrayPool<byte>.Shared.Rent(bytes);
    }

    /// <summary>Returns a buffer from <see cref="Rent"/> and its share of the budget.</summary>
    public void Return(byte[] buffer, int bytes)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Add(ref _buffered, -bytes);
    }
}
