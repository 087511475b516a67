using BenchmarkDotNet.Attributes;

namespace Hotswap.Bench.Micro;

/// <summary>BenchmarkDotNet's view of <see cref="RawRun"/>, one benchmark per serving case. Public and unsealed as BenchmarkDotNet requires.</summary>
public class RawRunBenchmarks
{
    private RawRun? _run;

    [ParamsAllValues]
    public ServingCase Case { get; set; }

    [GlobalSetup]
    public void Setup() => _run = new RawRun(Case.Graph(), Case.Rows());

    [GlobalCleanup]
    public void Cleanup() => _run?.Dispose();

    [Benchmark]
    public void Run() => _run!.Run();
}
