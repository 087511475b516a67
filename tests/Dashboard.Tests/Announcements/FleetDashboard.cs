using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Hotswap.Contracts.Fleet;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>
/// The dashboard as its own setup builds it, on Kestrel on a free loopback port, with no host list: it knows only the
/// hosts that announce themselves (the fleet token <see cref="Token"/>) or report, and lets <see cref="ApiToken"/> read
/// <c>GET /api/fleet</c>.
/// </summary>
internal sealed class FleetDashboard : IAsyncDisposable
{
    public const string Token = "hotswap-tests-fleet-token-3f8a1c6d92e4b07a";
    public const string ApiToken = "hotswap-tests-api-token-6b2e9d41a7c3f805e1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private FleetDashboard(WebApplication app, DirectoryInfo directory)
    {
        _app = app;
        _directory = directory;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri Address { get; }

    /// <param name="dialed">Hosts for <c>Dashboard:Hosts</c>, which the dashboard dials; none unless given.</param>
    /// <param name="settings">More configuration, applied last.</param>
    public static async Task<FleetDashboard> StartAsync(TimeSpan? staleAfter = null, TimeSpan? forgetAfter = null, IReadOnlyList<Uri>? dialed = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("hotswap-fleet-dashboard-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection((dialed ?? []).Select((url, i) => KeyValuePair.Create($"Dashboard:Hosts:{i}", (string?)url.ToString())));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelStore:Uri"] = directory.CreateSubdirectory("store").FullName,
            ["Dashboard:DatabasePath"] = Path.Combine(directory.FullName, "dashboard.db"),
            ["Dashboard:OperatorToken"] = TestOperators.DashboardToken,
            ["Dashboard:ApiTokens:0"] = ApiToken,
            ["Fleet:Token"] = Token,
            ["Fleet:StaleAfter"] = (staleAfter ?? TimeSpan.FromSeconds(30)).ToString(),
            ["Fleet:ForgetAfter"] = (forgetAfter ?? TimeSpan.FromMinutes(10)).ToString(),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDashboard();
        var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync();
        return new FleetDashboard(app, directory);
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>A client of the dashboard sending <paramref name="bearer"/> as its Authorization, when given.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>A browser's sign-in cookie for <paramref name="name"/> in <paramref name="role"/>, sealed by the dashboard's own cookie scheme.</summary>
    public string SignInCookie(string name, string role)
    {
        var cookies = Service<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties(), CookieAuthenticationDefaults.AuthenticationScheme);
        return $"{cookies.Cookie.Name}={cookies.TicketDataFormat.Protect(ticket)}";
    }

    /// <summary><c>GET /api/fleet</c> with the API token.</summary>
    public async Task<FleetView> ReadFleetAsync()
    {
        using var client = Client(ApiToken);
        return (await client.GetFromJsonAsync<FleetView>(FleetPaths.Fleet, Json))!;
    }

    /// <summary>Waits until <c>GET /api/fleet</c> satisfies <paramref name="condition"/>, and returns it.</summary>
    public Task<FleetView> WaitForFleetAsync(Func<FleetView, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(ReadFleetAsync, condition, what, timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
