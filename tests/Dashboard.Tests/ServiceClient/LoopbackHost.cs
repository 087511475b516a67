using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>
/// A host on Kestrel on a free loopback port that answers every POST with 200 and the given body and content type,
/// recording each request's path and Authorization header: a host gone wrong, or a URL that is no host at all.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHost(WebApplication app) => _app = app;

    /// <summary>The host's base URL, without a trailing slash.</summary>
    public string Url => _app.Urls.First().TrimEnd('/');

    public ConcurrentQueue<(string Path, string Authorization)> Requests { get; } = new();

    public static async Task<LoopbackHost> StartAsync(string body, string contentType)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new LoopbackHost(app);
        app.MapPost("/{**path}", (HttpContext context) =>
        {
            host.Requests.Enqueue((context.Request.Path.Value!, context.Request.Headers.Authorization.ToString()));
            return Results.Text(body, contentType);
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
