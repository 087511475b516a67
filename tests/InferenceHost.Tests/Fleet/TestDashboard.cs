using Hotswap.Contracts.Fleet;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>
/// A small real dashboard for the host's side of the fleet protocol: Kestrel on loopback with the fleet hub
/// (<see cref="FleetHubRecorder"/>) and the reports route, recording every call in <see cref="Calls"/>, which a
/// restarted dashboard can carry on.
/// </summary>
public sealed class TestDashboard : IAsyncDisposable
{
    public const string Token = "fleet-tests-token-5d0c27b1e94a4f3e";

    private readonly WebApplication _app;

    private TestDashboard(WebApplication app, Recording calls)
    {
        _app = app;
        Calls = calls;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public Recording Calls { get; }

    /// <summary>What a host needs to announce itself here.</summary>
    public Dictionary<string, string?> HostSettings => new()
    {
        ["Fleet:DashboardUrl"] = Address.ToString(),
        ["Fleet:Token"] = Token,
        ["Fleet:ReconnectMaxDelay"] = "00:00:02",
    };

    /// <param name="port">0 for a free port; a given one to bring a stopped dashboard back where its hosts expect it.</param>
    /// <param name="calls">The recording of a dashboard this one replaces.</param>
    public static async Task<TestDashboard> StartAsync(int port = 0, Recording? calls = null, int refuseRegistrations = 0)
    {
        calls ??= new Recording();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddSingleton(calls);
        builder.Services.AddSingleton(new Refusals { Remaining = refuseRegistrations });
        var app = builder.Build();
        app.MapHub<FleetHubRecorder>(FleetPaths.Hub);
        app.MapPost(FleetPaths.Reports, (FleetReport report, HttpRequest request) =>
        {
            calls.Add(new Reported(request.Headers.Authorization, report));
            return Results.Accepted();
        });
        await app.StartAsync();
        return new TestDashboard(app, calls);
    }

    /// <summary>Asks every connected host to refresh, as the dashboard does over the fleet connection.</summary>
    public Task RefreshAsync(string? model, string reason) =>
        _app.Services.GetRequiredService<IHubContext<FleetHubRecorder, IFleetHubClient>>().Clients.All.Refresh(model, reason);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
