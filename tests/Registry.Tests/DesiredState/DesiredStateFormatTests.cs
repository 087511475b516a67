using System.Collections.Immutable;
using System.Text;
using Hotswap.Contracts.Rollouts;
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

    [Fact]
    public void A_model_list_is_written_indented_with_the_seed_fields_first_and_text_escaped_as_it_always_was()
    {
        var at = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_358_970);
        var iris = new ModelEntry
        {
            Path = "s3://models/fleet/iris/3",
            ModelRelativeUri = "models:/iris/3",
            Version = "3",
            Date = "20260314",
            Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            Pinned = true,
            History = ["1", "2"],
            UpdatedBy = "José",
            UpdatedAt = at,
            Reason = "p99 <2x> & 'steady'",
            Candidate = new RolloutCandidate
            {
                Version = "4",
                Mode = RolloutMode.Canary,
                Weight = 10,
                Guard = new GuardRules { MaxErrorRate = 0.05, MinRequests = 100 },
                Path = "s3://models/fleet/iris/4",
                StartedAt = at,
                StartedBy = "ci",
            },
            Follow = "models:/iris@champion",
            Sources = ImmutableSortedDictionary<string, string>.Empty.Add("3", "mlflow-artifacts:/1/3/artifacts"),
        };

        var json = Encoding.UTF8.GetString(DesiredStateDocument.Empty.With("iris", iris).ToJson());

        Assert.Equal(
            """
            {
              "iris": {
                "path": "s3://models/fleet/iris/3",
                "model_relative_uri": "models:/iris/3",
                "version": "3",
                "date": "20260314",
                "model": "",
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "pinned": true,
                "history": [
                  "1",
                  "2"
                ],
                "updated_by": "Jos\u00E9",
                "updated_at": "2026-03-14T09:26:53.535897+00:00",
                "reason": "p99 \u003C2x\u003E \u0026 \u0027steady\u0027",
                "candidate": {
                  "version": "4",
                  "mode": "canary",
                  "weight": 10,
                  "guard": {
                    "max_error_rate": 0.05,
                    "min_requests": 100
                  },
                  "path": "s3://models/fleet/iris/4",
                  "started_at": "2026-03-14T09:26:53.535897+00:00",
                  "started_by": "ci"
                },
                "follow": "models:/iris@champion",
                "sources": {
                  "3": "mlflow-artifacts:/1/3/artifacts"
                }
              }
            }
            """.ReplaceLineEndings(),
            json);
    }

    [Fact]
    public void Fields_a_model_list_lacks_read_as_empty_and_fields_Hotswap_does_not_know_are_written_back_after_its_own()
    {
        var document = DesiredStateDocument.Parse("""
            {"iris": {"version": "2", "owner": "team-a", "limits": {"replicas": 3}, "candidate": {"version": "3", "mode": "shadow", "note": null}}}
            """u8);

        var iris = document.Find("iris")!;
        Assert.Equal(("", "", "", "", false), (iris.Path, iris.ModelRelativeUri, iris.Date, iris.Model, iris.History.IsDefault));
        Assert.Equal(("", ""), (iris.Candidate?.Path, iris.Candidate?.StartedBy));
        Assert.Equal(
            """
            {
              "iris": {
                "path": "",
                "model_relative_uri": "",
                "version": "2",
                "date": "",
                "model": "",
                "pinned": false,
                "history": [],
                "candidate": {
                  "version": "3",
                  "mode": "shadow",
                  "weight": 0,
                  "path": "",
                  "started_at": "0001-01-01T00:00:00+00:00",
                  "started_by": "",
                  "note": null
                },
                "owner": "team-a",
                "limits": {
                  "replicas": 3
                }
              }
            }
            """.ReplaceLineEndings(),
            Encoding.UTF8.GetString(document.ToJson()));
    }
}
