using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotswap.Bench.NoopServer;

/// <summary>
/// The limit the host is compared with: an empty ASP.NET Core app on the same Kestrel defaults, logging levels and
/// GC as the host, whose one endpoint reads the request body and answers a small JSON without doing anything else.
/// </summary>
public static class NoopServerApp
{
    public const string Command = "noop-server";
    public const string Path = "/noop";
    private static readonly byte[] Answer = """{"prediction":[0.0],"model_version":"0"}"""u8.ToArray();

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The host's appsettings.json: Information, but Warning for Microsoft.AspNetCore.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        app.MapPost(Path, async context =>
        {
            await DrainAsync(context.Request.BodyReader, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Answer, context.RequestAborted);
        });
        await app.RunAsync();
    }

    private static async Task DrainAsync(System.IO.Pipelines.PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }
}
