using Hotswap.Testing.Hosts;
using Hotswap.Testing.Hosts.Fuzzing;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>The generator behind <see cref="PredictFuzzTests"/>: the same requests every run, every kind of bad request on both endpoints.</summary>
public sealed class PredictFuzzerTests
{
    [Fact]
    public void The_generator_is_deterministic_and_covers_every_category_on_both_endpoints()
    {
        var first = new PredictFuzzer(PredictFuzzer.SuiteSeed).Generate(PredictFuzzTests.Requests).ToList();
        var second = new PredictFuzzer(PredictFuzzer.SuiteSeed).Generate(PredictFuzzTests.Requests).ToList();

        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), p => Assert.True(p.First.Path == p.Second.Path && p.First.ContentType == p.Second.ContentType && p.First.Body.AsSpan().SequenceEqual(p.Second.Body), $"differs: {p.First}"));
        Assert.All(first.GroupBy(r => r.Category), g => Assert.True(g.Count() >= 500, $"{g.Key}: {g.Count()}"));
        Assert.Contains(first, r => r.Path == "/predict");
        Assert.Contains(first, r => r.Path.EndsWith("/invocations", StringComparison.Ordinal));
        Assert.Contains(first, r => r.Body.Length > TwoModelStore.MaxBodyBytes && r.Chunked);
    }
}
