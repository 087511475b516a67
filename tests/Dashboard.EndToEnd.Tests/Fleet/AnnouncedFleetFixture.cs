using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.EndToEnd.Tests.Fleet;

/// <summary>
/// s3rver with the Iris model, the dashboard as a process with no host list (<c>Dashboard:Hosts</c> empty), and two
/// inference host processes that know only the dashboard's URL and the fleet token: they announce themselves.
/// Scripts read the fleet with a <c>Dashboard:ApiTokens</c> bearer.
/// </summary>
public sealed class AnnouncedFleetFixture : IAsyncLifetime
{
    public const string FleetToken = "fleet-e2e-token-7c1f0a9d2b6e4f58a3";
    public const string ApiToken = "fleet-e2e-api-token-4e8b2d9f1a7c6035";
    public static readonly string[] HostIds = ["announced-host-1", "announced-host-2"];

    private readonly List<InferenceHostProcess> _hosts = [];
    private S3rverProcess? _s3;

    public ModelStoreScenario Store { get; private set; } = null!;

    public DashboardProcess Dashboard { get; private set; } = null!;

    /// <summary>GET /api/fleet as a script would: a bearer listed in <c>Dashboard:ApiTokens</c>.</summary>
    public HttpClient Api { get; private set; } = null!;

    public IReadOnlyList<InferenceHostProcess> Hosts => _hosts;

    public async ValueTask InitializeAsync()
    {
        _s3 = await S3rverProcess.StartAsync();
        Store = new ModelStoreScenario(_s3);
        await Store.PublishAsync(1);
        Dashboard = await DashboardProcess.StartAsync(Store, [], new Dictionary<string, string?>
        {
            ["Fleet:Token"] = FleetToken,
            ["Fleet:StaleAfter"] = "00:00:02",
            ["Fleet:ForgetAfter"] = "00:00:06",
            ["Dashboard:ApiTokens:0"] = ApiToken,
        });
        Api = new HttpClient { BaseAddress = new Uri(Dashboard.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        foreach (var id in HostIds)
        {
            _hosts.Add(await StartHostAsync(id));
        }
    }

    /// <summary>
    /// A host process that announces itself to the dashboard as <paramref name="hostId"/> and knows nothing else of it,
    /// in <paramref name="mode"/>, with <paramref name="token"/> (the fleet token unless given).
    /// </summary>
    public Task<InferenceHostProcess> StartHostAsync(string hostId, string mode = "Poll", string token = FleetToken) =>
        InferenceHostProcess.StartAsync(Store, new Dictionary<string, string?>
        {
            ["Swap:HostId"] = hostId,
            ["Swap:Mode"] = mode,
            ["Fleet:DashboardUrl"] = Dashboard.BaseUrl,
            ["Fleet:Token"] = token,
            ["Fleet:ReconnectMaxDelay"] = "00:00:02",
        });

    public async Task<FleetView> FleetAsync() => (await Api.GetFromJsonAsync<FleetView>(FleetPaths.Fleet, Json.Options))!;

    /// <summary>Waits until GET /api/fleet meets <paramref name="condition"/>.</summary>
    public Task<FleetView> WaitForFleetAsync(Func<FleetView, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(FleetAsync, condition, what, timeout ?? TimeSpan.FromSeconds(90));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        Api?.Dispose();
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }
}
