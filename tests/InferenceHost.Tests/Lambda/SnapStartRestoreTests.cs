using System.Net;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Lambda;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Lambda;

/// <summary>
/// A host as Lambda runs it (on request, no timers) with the Lambda Web Adapter's SnapStart hook set. The "snapshot" is
/// the host serving version 1 with its last check just done; the store then moves on, as it does between publishing a
/// function version and restoring it hours later, and the "restore" is the adapter's POST to the hook.
/// </summary>
public sealed class SnapStartRestoreTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Hook = "/snapstart/after-restore";

    private static readonly Dictionary<string, string?> Lambda = new()
    {
        ["Swap:Mode"] = "OnRequest",
        ["Swap:PollInterval"] = "01:00:00",
        [SnapStartEndpoints.AfterRestorePathKey] = Hook,
    };

    [Fact]
    public async Task The_restore_hook_answers_once_the_host_serves_the_version_the_store_moved_to_after_the_snapshot()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, Lambda);
        await serving.Store.PublishAsync(2);

        using var restored = await serving.Host.Client.PostAsync(Hook, null);
        using var first = await serving.Host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("2", first.Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task Without_the_hook_a_restored_host_keeps_answering_with_the_snapshots_version_until_its_poll_interval()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, Lambda);
        await serving.Store.PublishAsync(2);

        using var first = await serving.Host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", first.Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task The_restore_hook_fails_the_restore_naming_the_problem_when_the_store_cannot_be_read()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, Lambda);
        await serving.Store.WriteManifestAsync("{ not json");

        using var restored = await serving.Host.Client.PostAsync(Hook, null);
        using var problem = JsonDocument.Parse(await restored.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, restored.StatusCode);
        Assert.Contains("model_list.json", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_host_not_configured_for_snapstart_has_no_restore_hook()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Mode"] = "OnRequest" });

        using var restored = await serving.Host.Client.PostAsync(Hook, null);

        Assert.Equal(HttpStatusCode.NotFound, restored.StatusCode);
    }
}
