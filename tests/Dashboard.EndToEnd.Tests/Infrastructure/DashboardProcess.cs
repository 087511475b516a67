using System.Diagnostics;
using Hotswap.Dashboard.Auth;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The dashboard as a real process (<c>dotnet Hotswap.Dashboard.dll</c>) on a free loopback port, configured only
/// through environment variables as it would be in production, with an audit file in a temporary directory of its
/// own. It can be restarted on the same port and audit file.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    // A first start JIT-compiles the dashboard and its Blazor endpoints: on a busy 2-core machine that has taken over 30 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly IReadOnlyDictionary<string, string?> _configuration;
    private CapturedProcess? _process;

    private DashboardProcess(string directory, IReadOnlyDictionary<string, string?> configuration)
    {
        _directory = directory;
        _configuration = configuration;
        BaseUrl = $"http://127.0.0.1:{FreePort.Next()}";
    }

    /// <summary>The dashboard's address, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>The folder of its database (<c>Dashboard:DatabasePath</c>), kept across restarts.</summary>
    public string DataDirectory => _directory;

    /// <summary>What the running dashboard process has written to stdout and stderr; a failed start puts it in its exception.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>
    /// Starts the dashboard over <paramref name="store"/>, watching the hosts at <paramref name="hostUrls"/>, with
    /// <see cref="DashboardAccounts.All"/> and any further <paramref name="settings"/> (e.g. <c>Fleet:Token</c>).
    /// </summary>
    public static async Task<DashboardProcess> StartAsync(ModelStoreScenario store, IEnumerable<string> hostUrls, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("hotswap-dashboard-").FullName;
        var configuration = new Dictionary<string, string?>(store.Server.StoreConfiguration(store.Prefix))
        {
            ["Dashboard:OperatorToken"] = TestOperators.DashboardToken,
            ["Dashboard:DatabasePath"] = Path.Combine(directory, "dashboard.db"),
        };
        foreach (var (url, i) in hostUrls.Select((url, i) => (url, i)))
        {
            configuration[$"Dashboard:Hosts:{i}"] = url;
        }

        foreach (var (account, i) in DashboardAccounts.All.Select((account, i) => (account, i)))
        {
            configuration[$"Dashboard:Operators:{i}:Name"] = account.Name;
            configuration[$"Dashboard:Operators:{i}:PasswordHash"] = OperatorPasswords.Hash(account.Password);
            configuration[$"Dashboard:Operators:{i}:Role"] = account.Role;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var dashboard = new DashboardProcess(directory, configuration);
        await dashboard.StartAsync();
        return dashboard;
    }

    /// <summary>Kills the dashboard; the port and the audit file stay its own for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Kills the dashboard if it runs and starts it again on the same port, waiting until it answers.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartAsync()
    {
        // Development makes the dashboard serve static web assets from the build's manifest (MudBlazor's files stay
        // in the NuGet cache); the working directory is its content root, as with 'dotnet run'.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { DashboardBuild.AssemblyPath, "--urls", BaseUrl },
            WorkingDirectory = DashboardBuild.ProjectDirectory,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
        };
        foreach (var (key, value) in _configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = CapturedProcess.Start(start);
        try
        {
            await WaitUntilAnsweringAsync(process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        _process = process;
    }

    private async Task WaitUntilAnsweringAsync(CapturedProcess process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.ReturnsAsync(
                () => ProbeAsync(client),
                answer => answer == "200" || process.HasExited,
                $"the dashboard to answer 200 on {BaseUrl}/",
                StartTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}. The dashboard wrote:\n{process.Output}", e);
        }

        if (process.HasExited)
        {
            throw new InvalidOperationException($"The dashboard exited at start. It wrote:\n{process.Output}");
        }
    }

    /// <summary>The status code of <c>GET /</c>, or why there was none.</summary>
    private async Task<string> ProbeAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync($"{BaseUrl}/");
            return ((int)response.StatusCode).ToString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }
}
