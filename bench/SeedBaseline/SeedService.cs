using System.Globalization;
using Hotswap.Bench.Load;
using Hotswap.Bench.Processes;
using Hotswap.Contracts.Models;
using Hotswap.Onnx;

namespace Hotswap.Bench.SeedBaseline;

/// <summary>
/// The seed's pattern as the seed wrote it (<c>app.py</c> beside this file): a Flask app under Debian's gunicorn, run by
/// Debian's Python with Debian's Flask and scikit-learn. The bench's setup installs them (<c>bench/setup.sh</c>), never
/// the host; a <c>python3</c> on PATH may be another interpreter without them, so the paths are explicit.
/// </summary>
public static class SeedService
{
    public const string Packages = "python3-flask python3-sklearn gunicorn";
    private const string Python = "/usr/bin/python3";
    private const string Gunicorn = "/usr/bin/gunicorn";

    /// <summary>The scripts run in place from the repository: no bytecode caches are written into the source tree.</summary>
    private static readonly Dictionary<string, string> PythonEnvironment = new() { ["PYTHONDONTWRITEBYTECODE"] = "1" };

    /// <summary>
    /// gunicorn's documented starting point, (2 × cores) + 1, of sync workers. Sync is what the seed's pattern runs on:
    /// a Lambda execution environment serves one request at a time with module globals of its own, and so does a sync
    /// worker process. gthread workers would share one set of globals between threads, a race the seed never had.
    /// </summary>
    public static int Workers { get; } = (2 * Environment.ProcessorCount) + 1;

    private static string Folder => Path.Combine(BuiltApplications.RepositoryRoot, "bench", "SeedBaseline");

    /// <summary>Null when Debian's Python, Flask, scikit-learn and gunicorn are installed; otherwise what to install.</summary>
    public static async Task<string?> MissingAsync(CancellationToken cancellationToken) =>
        File.Exists(Python) && File.Exists(Gunicorn) && (await CommandResult.RunAsync(Python, ["-c", "import flask, sklearn"], cancellationToken, PythonEnvironment)).Succeeded
            ? null
            : $"The seed baseline was not run: it needs Debian's {Packages} ({Python} with Flask and scikit-learn, {Gunicorn}). "
                + $"Run `bench/setup.sh` once as root (it runs `apt-get install {Packages}`), then the bench again.";

    /// <summary>
    /// Writes <c>model.pkl</c>, a scikit-learn <c>LinearRegression</c> with <paramref name="linear"/>'s weights and bias,
    /// into the folder of <paramref name="version"/>, where that model was published as ONNX: the same function in the
    /// seed's format, beside the host's.
    /// </summary>
    public static async Task WritePickleAsync(ModelVersionInfo version, GeneratedModel linear, CancellationToken cancellationToken)
    {
        if (linear.Layers is not [{ Outputs: 1 } layer])
        {
            throw new ArgumentException("Only a single-layer model with one output is a linear regression.", nameof(linear));
        }

        var numbers = new[] { layer.Bias[0] }.Concat(layer.Weights).Select(n => n.ToString("R", CultureInfo.InvariantCulture));
        var write = await CommandResult.RunAsync(Python, [Path.Combine(Folder, "write_pickle.py"), version.Location, .. numbers], cancellationToken, PythonEnvironment);
        if (!write.Succeeded)
        {
            throw new InvalidOperationException($"Writing the pickle of {version.Model} version {version.Version} into {version.Location} failed ({write.ExitCode}):{Environment.NewLine}{write.Output}");
        }
    }

    /// <summary>Starts gunicorn on a free loopback port over the store in <paramref name="storeDirectory"/>, and waits until a request of <paramref name="body"/> succeeds.</summary>
    public static Task<ServerProcess> StartReadyAsync(string storeDirectory, byte[] body, CancellationToken cancellationToken) =>
        ServerProcess.StartCommand("seed baseline", Gunicorn,
                port => ["--bind", $"127.0.0.1:{port}", "--worker-class", "sync", "--workers", $"{Workers}", "--chdir", Folder, "app:app"],
                Folder, new Dictionary<string, string>(PythonEnvironment) { ["MODEL_STORE"] = storeDirectory })
            .ReadyAsync(async (client, ct) =>
            {
                using var content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } };
                using var response = await client.PostAsync(PredictBody.Path, content, ct);
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60), cancellationToken);
}
