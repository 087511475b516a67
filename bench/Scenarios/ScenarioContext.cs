using Hotswap.Bench.Processes;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>What every scenario gets: its durations' scale, where to write plots, scratch space and the run's cancellation.</summary>
public sealed class ScenarioContext(bool quick, string outputDirectory, string scratchDirectory, TextWriter log, CancellationToken cancellationToken)
{
    /// <summary>The run's publishes, by project and properties; scenarios run one after another, so a plain dictionary does.</summary>
    private readonly Dictionary<string, string> _published = [];

    public bool Quick { get; } = quick;

    public string OutputDirectory { get; } = outputDirectory;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary><paramref name="full"/> in a full run, <paramref name="quick"/> with --quick.</summary>
    public T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>A fresh folder under the run's scratch directory, deleted when the bench ends.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(scratchDirectory, $"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>
    /// <see cref="AppPublisher.PublishAsync"/> into a new folder, once per run for the same project and properties: the
    /// overhead and cold-start scenarios both load the Native AOT host, and publishing it again costs minutes for the
    /// same bytes.
    /// </summary>
    public async Task<string> PublishAsync(string project, string assemblyName, IReadOnlyList<string> properties)
    {
        var key = $"{project} {string.Join(' ', properties)}";
        if (!_published.TryGetValue(key, out var entryPoint))
        {
            Log($"dotnet publish {Path.GetFileName(project)} {string.Join(' ', properties)}");
            _published[key] = entryPoint = await AppPublisher.PublishAsync(project, assemblyName, NewDirectory("publish"), properties, CancellationToken);
        }

        return entryPoint;
    }

    /// <summary>An empty local-directory model store.</summary>
    public BenchStore NewStore() => new(NewDirectory("store"));

    public void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
