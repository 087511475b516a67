namespace Hotswap.Testing.Hosts;

/// <summary>
/// Many <see cref="SimulatedHost"/>s in one test process, each a real SignalR connection to the dashboard's fleet hub:
/// a fleet of hundreds without hundreds of processes.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    /// <summary>How many connections open at once: enough to be quick, few enough not to starve a 2-core machine.</summary>
    private const int Parallelism = 32;

    private SimulatedFleet(IReadOnlyList<SimulatedHost> hosts) => Hosts = hosts;

    public IReadOnlyList<SimulatedHost> Hosts { get; }

    /// <summary>
    /// <paramref name="count"/> hosts named <c>{idPrefix}-000</c>… serving <paramref name="version"/> of
    /// <paramref name="model"/>, connected and registered when this returns.
    /// </summary>
    public static async Task<SimulatedFleet> StartAsync(Uri dashboard, string token, int count, string model = "iris", string version = "1", string idPrefix = "sim")
    {
        var fleet = new SimulatedFleet([.. Enumerable.Range(0, count).Select(i => SimulatedHost.Serving(dashboard, token, $"{idPrefix}-{i:000}", model, version))]);
        try
        {
            await fleet.ForEachAsync(h => h.StartAsync());
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>Every host reports a finished swap of <paramref name="model"/> to <paramref name="toVersion"/>.</summary>
    public Task ReportSwapAsync(string model, string toVersion) => ForEachAsync(h => h.ReportSwapAsync(model, toVersion));

    public async ValueTask DisposeAsync() => await ForEachAsync(async h => await h.DisposeAsync());

    private Task ForEachAsync(Func<SimulatedHost, Task> act) =>
        Parallel.ForEachAsync(Hosts, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (host, _) => await act(host));
}
