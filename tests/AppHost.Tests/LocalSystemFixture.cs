using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Testing;

namespace Hotswap.AppHost.Tests;

/// <summary>
/// The README's first command, headless: the whole AppHost on free loopback ports with a data folder of its own
/// (the store, the hosts' caches, the dashboard's database), and no <c>npm ci</c> (the test run's node_modules is in
/// use by other test projects). Disposing it stops every process the orchestrator started.
/// </summary>
public abstract class LocalSystemFixture(string store) : IAsyncLifetime
{
    public static readonly string[] HostNames = ["inference-host-1", "inference-host-2"];
    public const string DashboardName = "dashboard";

    /// <summary>The bearer token the dashboard accepts on GET /api/fleet (the AppHost's parameter api-token).</summary>
    public const string ApiToken = "apphost-tests-api-token";
    // s3rver, two hosts and the dashboard started by Aspire's orchestrator: on a busy 2-core machine over 90 s, and past
    // 180 s once when the machine ran other builds beside the suite and a process burning both cores.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("hotswap-apphost-");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public IReadOnlyList<Uri> Hosts { get; private set; } = [];

    /// <summary>The store the AppHost's s3rver serves, as a publisher outside the AppHost would reach it.</summary>
    public ModelStoreOptions Store { get; private set; } = new();

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var s3rverPort = FreePort.Next();
        Store = store == "s3"
            ? new ModelStoreOptions { Uri = "s3://models/hotswap", ServiceUrl = $"http://127.0.0.1:{s3rverPort}", AccessKeyId = "S3RVER", SecretAccessKey = "S3RVER" }
            : new ModelStoreOptions { Uri = Path.Combine(_data.FullName, "store") };
        string[] args =
        [
            $"--Parameters:store={store}",
            "--Parameters:npm-ci=false",
            $"--Parameters:data-dir={_data.FullName}",
            $"--Parameters:s3rver-port={s3rverPort}",
            $"--Parameters:host-1-port={FreePort.Next()}",
            $"--Parameters:host-2-port={FreePort.Next()}",
            $"--Parameters:dashboard-port={FreePort.Next()}",
            $"--Parameters:api-token={ApiToken}",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, (options, _) => options.DisableDashboard = true, timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await Task.WhenAll(HostNames.Select(h => _app.ResourceNotifications.WaitForResourceHealthyAsync(h, timeout.Token)));
        Hosts = [.. HostNames.Select(h => _app.GetEndpoint(h, "http"))];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A process may still be flushing a file as it dies; a temp folder left behind is harmless.
        }
    }
}

/// <summary>The AppHost's default: s3rver as the store.</summary>
public sealed class S3rverSystem() : LocalSystemFixture("s3");

/// <summary><c>--Parameters:store=local</c>: a directory as the store.</summary>
public sealed class DirectorySystem() : LocalSystemFixture("local");
