using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>
/// A real OTLP/HTTP endpoint on loopback that keeps what each signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>)
/// received. The bodies are protobuf; names and string attributes appear in them as plain UTF-8.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _received = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint => new(_app.Urls.First());

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._received.GetOrAdd(signal, _ => new()).Enqueue(Encoding.UTF8.GetString(body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether any export of <paramref name="signal"/> so far contained <paramref name="text"/>.</summary>
    public bool Received(string signal, string text) =>
        _received.TryGetValue(signal, out var bodies) && bodies.Any(b => b.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
