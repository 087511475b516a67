namespace Hotswap.Bench.Processes;

/// <summary>The dashboard as a process of its own, as built, with no host list: it knows the hosts that announce themselves.</summary>
public static class DashboardProcess
{
    public const string FleetToken = "hotswap-bench-fleet-token-5c1e8a27d94b3f60";
    public const string ApiToken = "hotswap-bench-api-token-0e7d3b9a61c45f28";

    public static string Dll => BuiltApplications.OutputOf(Path.Combine(BuiltApplications.RepositoryRoot, "src", "Dashboard"), "Hotswap.Dashboard.dll");

    public static Task<ServerProcess> StartReadyAsync(string storeDirectory, string dataDirectory, CancellationToken cancellationToken) =>
        ServerProcess.Start("dashboard", Dll, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ModelStore__Uri"] = storeDirectory,
            ["Dashboard__DatabasePath"] = Path.Combine(dataDirectory, "dashboard.db"),
            ["Dashboard__ApiTokens__0"] = ApiToken,
            ["Fleet__Token"] = FleetToken,
        }).ReadyAsync(ListsFleetAsync, TimeSpan.FromSeconds(60), cancellationToken);

    /// <summary>A client of <c>GET /api/fleet</c> holding the API token.</summary>
    public static HttpClient FleetReader(ServerProcess dashboard)
    {
        var client = new HttpClient { BaseAddress = dashboard.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiToken);
        return client;
    }

    private static async Task<bool> ListsFleetAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fleet") { Headers = { Authorization = new("Bearer", ApiToken) } };
        using var response = await client.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
