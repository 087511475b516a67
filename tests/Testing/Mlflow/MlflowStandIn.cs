using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.Testing.Mlflow;

/// <summary>
/// A stand-in for MLflow's tracking server, on a free loopback port: no MLflow server can be installed on these
/// machines. It answers the REST API 2.0 endpoints Hotswap reads, with the JSON MLflow writes for them (field names and
/// shapes from MLflow 3.x's <c>model_registry.proto</c> and <c>service.proto</c>; errors as MLflow's
/// <c>{"error_code", "message"}</c>): <c>registered-models/get</c>, <c>registered-models/alias</c>,
/// <c>model-versions/get</c>, <c>runs/get</c>, <c>logged-models/{id}</c>, and the artifact proxy's list and download
/// (<c>/api/2.0/mlflow-artifacts/artifacts</c>). Tests change the registry as a user of MLflow's UI would
/// (<see cref="Registry"/>) and send webhook deliveries signed as MLflow 3.3+ signs them (<see cref="MlflowWebhookSender"/>).
/// </summary>
public sealed class MlflowStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private MlflowStandIn(WebApplication app, MlflowRegistryState registry, string artifactsRoot)
    {
        _app = app;
        Registry = registry;
        ArtifactsRoot = artifactsRoot;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>The tracking URI (<c>MLflow:TrackingUri</c>).</summary>
    public Uri Address { get; }

    /// <summary>What the registry holds: registered models, versions, aliases, runs and logged models.</summary>
    public MlflowRegistryState Registry { get; }

    /// <summary>The directory the artifact proxy serves (<c>mlflow server --artifacts-destination</c>).</summary>
    public string ArtifactsRoot { get; }

    /// <summary>While true, every request gets MLflow's 503 (a tracking server restarting or overloaded).</summary>
    public bool Unavailable { get; set; }

    /// <summary>The path and query of each request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts the stand-in; with <paramref name="requiredAuthorization"/>, a request without that Authorization header gets MLflow's 401.</summary>
    public static async Task<MlflowStandIn> StartAsync(string? requiredAuthorization = null)
    {
        var artifactsRoot = Directory.CreateTempSubdirectory("hotswap-mlflow-artifacts-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new MlflowRegistryState();
        MlflowStandIn? standIn = null;
        app.Use(async (context, next) =>
        {
            standIn!._requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (standIn.Unavailable)
            {
                await MlflowAnswers.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "TEMPORARILY_UNAVAILABLE", "The tracking server is unavailable.");
                return;
            }

            if (requiredAuthorization is not null && context.Request.Headers.Authorization != requiredAuthorization)
            {
                await MlflowAnswers.ErrorAsync(context, StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.");
                return;
            }

            await next(context);
        });
        MlflowAnswers.Map(app, registry, artifactsRoot);
        await app.StartAsync();
        standIn = new MlflowStandIn(app, registry, artifactsRoot);
        return standIn;
    }

    /// <summary>Writes <paramref name="files"/> (relative path, bytes) under the artifact root at <paramref name="path"/>; returns its <c>mlflow-artifacts:/</c> URI.</summary>
    public string WriteArtifacts(string path, IReadOnlyDictionary<string, byte[]> files)
    {
        foreach (var (name, bytes) in files)
        {
            var file = Path.Combine(ArtifactsRoot, path, name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }

        return $"mlflow-artifacts:/{path.Trim('/')}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(ArtifactsRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
