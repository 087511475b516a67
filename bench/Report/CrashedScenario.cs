namespace Hotswap.Bench.Report;

/// <summary>The report's section for a scenario that threw: one failed figure and the exception.</summary>
public static class CrashedScenario
{
    public static ScenarioResult Result(string name, Exception exception, TimeSpan elapsed) => new()
    {
        Name = name,
        Title = $"{name} (crashed)",
        Method = "The scenario threw before it could measure; its exception follows.",
        Figures = [new Figure("scenario ran to the end", Quantity.Count(1), Quantity.None, Target.ValueAtMost(0))],
        Notes = [$"`{exception.GetType().Name}`: {exception.Message.ReplaceLineEndings(" ")}"],
        Elapsed = elapsed,
    };
}
