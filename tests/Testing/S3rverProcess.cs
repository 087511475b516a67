using System.Diagnostics;
using System.Text.RegularExpressions;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;

namespace Hotswap.Testing;

/// <summary>
/// A real s3rver (npm) on a free loopback port with its own temporary directory. It can be stopped and started again
/// on the same port and data, to test what hosts do while the store is down. Needs <c>npm ci</c> at the repository root.
/// </summary>
public sealed partial class S3rverProcess : IAsyncDisposable
{
    public const string Bucket = "models";

    /// <summary>A second bucket, as MLflow's artifact store (<c>--artifacts-destination s3://mlflow/…</c>) would be.</summary>
    public const string MlflowBucket = "mlflow";
    private readonly string _directory = Directory.CreateTempSubdirectory("hotswap-s3rver-").FullName;
    private CapturedProcess? _process;

    private S3rverProcess()
    {
    }

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<S3rverProcess> StartAsync()
    {
        var server = new S3rverProcess();
        await server.StartAsync(port: 0);
        return server;
    }

    /// <summary>Store options for a prefix of the test bucket; every test should use a prefix of its own.</summary>
    public ModelStoreOptions StoreOptions(string prefix) => new()
    {
        Uri = $"s3://{Bucket}/{prefix}",
        ServiceUrl = ServiceUrl,
        AccessKeyId = "S3RVER",
        SecretAccessKey = "S3RVER",
        Timeout = TimeSpan.FromSeconds(5),
        MaxErrorRetry = 0,
    };

    /// <summary>The same options as configuration keys, for processes and hosts under test.</summary>
    public IReadOnlyDictionary<string, string?> StoreConfiguration(string prefix)
    {
        var options = StoreOptions(prefix);
        return new Dictionary<string, string?>
        {
            ["ModelStore:Uri"] = options.Uri,
            ["ModelStore:ServiceUrl"] = options.ServiceUrl,
            ["ModelStore:AccessKeyId"] = options.AccessKeyId,
            ["ModelStore:SecretAccessKey"] = options.SecretAccessKey,
            ["ModelStore:Timeout"] = options.Timeout.ToString(),
            ["ModelStore:MaxErrorRetry"] = "0",
        };
    }

    /// <summary>Stops the server; objects stay on disk for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    public Task RestartAsync() => StartAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // s3rver may still be flushing a file as it dies; a temp folder left behind is harmless.
        }
    }

    private async Task StartAsync(int port)
    {
        var s3rver = System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(s3rver))
        {
            throw new InvalidOperationException($"{s3rver} is missing: run 'npm ci' at {RepositoryRoot.Path}.");
        }

        // s3rver's own command line, behind a launcher that makes each PUT atomic as S3 does (see the script).
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "tools", "atomic-s3rver.js");

        // s3rver makes paging tokens with DES, which Node's OpenSSL 3 refuses without the legacy provider.
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { "--openssl-legacy-provider", script, "-d", _directory, "-a", "127.0.0.1", "-p", port.ToString(), "--configure-bucket", Bucket, "--configure-bucket", MlflowBucket },
        };
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = CapturedProcess.Start(start, line =>
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(int.Parse(m.Groups[1].Value));
            }
        });
        try
        {
            if (await Task.WhenAny(listening.Task, process.Exited).WaitAsync(TimeSpan.FromSeconds(60)) != listening.Task)
            {
                throw new InvalidOperationException($"s3rver exited at start: {process.Output}");
            }

            Port = await listening.Task;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        _process = process;
    }

    [GeneratedRegex(@"listening on [^:]+:(\d+)")]
    private static partial Regex Listening();
}
