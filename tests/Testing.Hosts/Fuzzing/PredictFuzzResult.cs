namespace Hotswap.Testing.Hosts.Fuzzing;

/// <summary>What a <see cref="PredictFuzzRun"/> saw.</summary>
/// <param name="Failures">Every wrong answer, to a bad request or to a valid one sent between them.</param>
/// <param name="Statuses">How many bad requests of each category got each status (0: no answer).</param>
/// <param name="Afterwards">What was wrong with a valid prediction sent once every bad request was answered; null when nothing.</param>
public sealed record PredictFuzzResult(IReadOnlyCollection<string> Failures, IReadOnlyDictionary<(string Category, int Status), int> Statuses, string? Afterwards)
{
    public override string ToString() =>
        $"{Failures.Count} wrong answers, the first ones:{Environment.NewLine}{string.Join(Environment.NewLine, Failures.Take(15))}";
}
