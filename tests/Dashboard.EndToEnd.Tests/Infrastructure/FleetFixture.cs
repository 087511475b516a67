using Hotswap.Registry.Versions;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system for a class of dashboard tests: s3rver with <c>iris_model</c> version 1 published, two inference
/// hosts serving it, the dashboard process watching both, and a headless browser. Each test class gets a fleet of its
/// own (<c>IClassFixture&lt;FleetFixture&gt;</c>), so what one class pins or publishes never leaks into another.
/// A derived fixture may give the hosts more configuration.
/// </summary>
public class FleetFixture : IAsyncLifetime
{
    private static readonly string[] HostIds = ["host-1", "host-2"];

    private readonly IReadOnlyDictionary<string, string?> _hostSettings;

    private readonly List<RunningHost> _hosts = [];
    private S3rverProcess? _server;
    private ModelStoreScenario? _store;
    private DashboardProcess? _dashboard;
    private HeadlessBrowser? _browser;

    public FleetFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    protected FleetFixture(IReadOnlyDictionary<string, string?> hostSettings) => _hostSettings = hostSettings;

    public ModelStoreScenario Store => _store ?? throw NotStarted();

    public IReadOnlyList<RunningHost> Hosts => _hosts;

    /// <summary>The hosts' base URLs as the dashboard is configured with them and shows them.</summary>
    public IReadOnlyList<string> HostUrls => [.. _hosts.Select(h => h.Address.GetLeftPart(UriPartial.Authority))];

    public DashboardProcess Dashboard => _dashboard ?? throw NotStarted();

    public HeadlessBrowser Browser => _browser ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        try
        {
            _server = await S3rverProcess.StartAsync();
            _store = new ModelStoreScenario(_server);
            await PublishNextAsync();
            foreach (var id in HostIds)
            {
                _hosts.Add(await StartHostAsync(id, port: 0));
            }

            await Task.WhenAll(_hosts.Select(h => h.WaitUntilServingAsync("1")));
            _dashboard = await DashboardProcess.StartAsync(_store, HostUrls);
            _browser = await HeadlessBrowser.LaunchAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose initialization failed.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops host <paramref name="index"/> as a crash or a deploy would, leaving its place in the fleet empty.</summary>
    public Task StopHostAsync(int index) => _hosts[index].DisposeAsync().AsTask();

    /// <summary>Starts host <paramref name="index"/> again on its old address, where the dashboard keeps looking for it.</summary>
    public async Task RestartHostAsync(int index)
    {
        _hosts[index] = await StartHostAsync(HostIds[index], _hosts[index].Address.Port);
        await _hosts[index].WaitUntilServingAsync(Latest.ToString());
    }

    private Task<RunningHost> StartHostAsync(string id, int port) =>
        RunningHost.StartAsync(Store, new Dictionary<string, string?>(_hostSettings) { ["Swap:HostId"] = id }, port: port);

    /// <summary>The newest version published so far.</summary>
    public int Latest { get; private set; }

    /// <summary>
    /// Publishes the next version of <c>iris_model</c> (it answers <c>sum(features) + version</c>); the hosts pick it up
    /// on their next poll. Tests of one class share the fleet in any order, so they name versions relative to this.
    /// </summary>
    public async Task<int> PublishNextAsync()
    {
        var version = Latest + 1;
        await Store.PublishAsync(version);
        Latest = version;
        return version;
    }

    /// <summary>Publishes the next version and waits until every host serves it.</summary>
    public async Task<int> PublishAndServeNextAsync()
    {
        var version = await PublishNextAsync();
        await Task.WhenAll(_hosts.Select(h => h.WaitUntilServingAsync(version.ToString())));
        return version;
    }

    /// <summary>A desktop-sized page (1280×800) of the dashboard in a context of its own; <c>page.GotoAsync("/")</c> opens the fleet.</summary>
    public Task<IPage> NewPageAsync() => Browser.NewPageAsync(Dashboard.BaseUrl);

    /// <summary>A phone-sized page (390×844) of the dashboard in a context of its own.</summary>
    public Task<IPage> NewNarrowPageAsync() => Browser.NewNarrowPageAsync(Dashboard.BaseUrl);

    /// <summary>Signs in through the login form as one of <see cref="DashboardAccounts"/> and waits until it redirects away.</summary>
    public Task SignInAsync(IPage page, string name = DashboardAccounts.Operator) => page.SignInAsync(name);

    public virtual async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }

        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static InvalidOperationException NotStarted() => new("The fleet has not started.");
}
