using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>What every scenario gets: its durations' scale, where to write plots, scratch space and the run's cancellation.</summary>
public sealed class ScenarioContext(bool quick, string outputDirectory, string scratchDirectory, TextWriter log, CancellationToken cancellationToken)
{
    public bool Quick { get; } = quick;

    public string OutputDirectory { get; } = outputDirectory;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary><paramref name="full"/> in a full run, <paramref name="quick"/> with --quick.</summary>
    public T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>A fresh folder under the run's scratch directory, deleted when the bench ends.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(scratchDirectory, $"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>An empty local-directory model store.</summary>
    public BenchStore NewStore() => new(NewDirectory("store"));

    public void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
