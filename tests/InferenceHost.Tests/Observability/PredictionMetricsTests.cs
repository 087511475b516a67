using System.Diagnostics;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;
using Hotswap.Onnx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using OpenTelemetry.Metrics;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>The hot path's cost of metrics, measured with the host's own OpenTelemetry pipeline and Prometheus exporter.</summary>
public sealed class PredictionMetricsTests : IAsyncDisposable
{
    private const int Requests = 1_000_000;
    private readonly WebApplication _app;
    private readonly PredictionMetrics _metrics;
    private readonly ServedModel _model;

    public PredictionMetricsTests()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddHostObservability();
        _app = builder.Build();
        _app.Services.GetRequiredService<MeterProvider>();
        _metrics = _app.Services.GetRequiredService<PredictionMetrics>();
        var session = new InferenceSession(GeneratedModel.Linear([1f, 1f, 1f], 1).ToOnnx());
        var version = new ModelVersionInfo { Model = "m", Version = "1", Location = "", OnnxFile = "model.onnx", Sha256 = new string('a', 64), SizeBytes = 1, Signature = ModelSignature.Empty };
        _model = new ServedModel(version, session, OnnxSignature.Read(session), DateTimeOffset.UnixEpoch);
    }

    /// <summary>
    /// An allocation per request would be at least 24 bytes each, 24 MB over the loop; the runtime itself may allocate
    /// a few kilobytes once while the loop runs (tiered compilation), which is why the bound is a byte per request.
    /// </summary>
    [Theory]
    [InlineData(StatusCodes.Status200OK, true)]
    [InlineData(StatusCodes.Status400BadRequest, true)]
    [InlineData(StatusCodes.Status404NotFound, false)]
    public void Recording_a_request_allocates_nothing_once_its_series_exists(int status, bool answered)
    {
        var context = new DefaultHttpContext { Response = { StatusCode = status } };
        var model = answered ? _model : null;
        for (var i = 0; i < Requests / 10; i++)
        {
            _metrics.Record(context, model, Stopwatch.GetTimestamp());
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Requests; i++)
        {
            _metrics.Record(context, model, started);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        TestContext.Current.TestOutputHelper?.WriteLine($"status {status}: {elapsed.TotalNanoseconds / Requests:F0} ns per recorded request, {allocated} bytes allocated in {Requests:N0} requests");
        Assert.True(allocated < Requests, $"{allocated} bytes allocated in {Requests:N0} recorded requests");
    }

    public async ValueTask DisposeAsync()
    {
        _model.Retire();
        await _app.DisposeAsync();
    }
}
