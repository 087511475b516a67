using Hotswap.Bench.Report;

namespace Hotswap.Bench.Scenarios;

/// <summary>One measurement of the list, selectable with <c>--only NAME</c>.</summary>
public interface IScenario
{
    string Name { get; }

    Task<ScenarioResult> RunAsync(ScenarioContext context);
}
