namespace Hotswap.Bench.Report;

public enum Verdict
{
    Pass,
    Fail,

    /// <summary>Reported for context; the issue sets no target on it.</summary>
    Info,
}

/// <summary>
/// One line of a scenario's table: what was measured, the reference measured in the same run, their ratio and the
/// target the ratio (or, for counts, the value) must meet.
/// </summary>
public sealed record Figure(string Name, Quantity Measured, Quantity Reference, Target? Target)
{
    public double Ratio => Measured.Value / Reference.Value;

    public Verdict Verdict => Target is null ? Verdict.Info
        : Target.IsMet(Target.OnMeasured ? Measured.Value : Ratio) ? Verdict.Pass : Verdict.Fail;
}
