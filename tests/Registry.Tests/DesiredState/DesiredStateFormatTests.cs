using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Tests.Support;

namespace Hotswap.Registry.Tests.DesiredState;

public sealed class DesiredStateFormatTests
{
    [Theory]
    [InlineData("this is not json", "model_list.json is not valid")]
    [InlineData("""{"iris": {"version": "1",""", "model_list.json is not valid")]
    [InlineData("[]", "model_list.json is not valid")]
    [InlineData("", "model_list.json is empty")]
    [InlineData(" \r\n\t", "model_list.json is empty")]
    [InlineData("null", "holds null instead of an object of models")]
    [InlineData("""{"iris": {"path": "s3://models/fleet/iris/1", "date": "20260314"}}""", "the entry of 'iris' has no valid \"version\" (found '')")]
    [InlineData("""{"iris": null}""", "the entry of 'iris' has no valid \"version\"")]
    [InlineData("""{"iris": {"version": "../1"}}""", "the entry of 'iris' has no valid \"version\" (found '../1')")]
    [InlineData("""{"../iris": {"version": "1"}}""", "'../iris' is not a valid model name")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "../2", "mode": "shadow"}}}""", "the candidate of 'iris' needs a valid \"version\" and a \"weight\" from 0 to 100 (found '../2', 0)")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "canary", "weight": 120}}}""", "(found '2', 120)")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "blue-green"}}}""", "model_list.json is not valid")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "shadow", "guard": {"max_drift": -1}}}}""", "the guard rules of the candidate of 'iris' are not valid: max_drift must be a number of at least 0 (got -1)")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "shadow", "guard": {"min_requests": 0}}}}""", "min_requests must be at least 1 (got 0)")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "canary", "weight": 5, "guard": {"max_error_rate": 1.5}}}}""", "max_error_rate must be from 0 to 1 (got 1.5)")]
    [InlineData("""{"iris": {"version": "1", "candidate": {"version": "2", "mode": "canary", "weight": 5, "guard": {"max_p99_ratio": 0}}}}""", "max_p99_ratio must be a positive number (got 0)")]
    public async Task An_invalid_model_list_raises_DesiredStateFormatException_saying_what_is_wrong(string json, string problem)
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync(store.DesiredStateKey, json);

        var error = await Assert.ThrowsAsync<DesiredStateFormatException>(() => store.Registry.DesiredState.ReadAsync(TestContext.Current.CancellationToken));

        Assert.Contains(problem, error.Message);
    }
}
