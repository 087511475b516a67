using System.Diagnostics;
using Hotswap.Testing;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Dashboard.EndToEnd.Tests.Mlflow;

/// <summary>
/// Moving <c>@champion</c> in MLflow moves real hosts that read the store once an hour: through the dashboard's
/// resolution, the desired state in the store, and the dashboard's refresh over each host's fleet connection. The times
/// are printed; the targets (2 s after the webhook, the poll interval + 1 s without it) are measured, not asserted.
/// </summary>
public sealed class RegistryFleetTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task An_alias_moved_in_MLflow_is_served_by_every_host_after_the_webhook()
    {
        await using var fleet = await RegistryFleetFixture.StartAsync(s3.Server, pollInterval: TimeSpan.FromHours(1));
        fleet.Mlflow.Registry.SetAlias(RegistryFleetFixture.Registered, "champion", "2");
        var moving = Stopwatch.StartNew();

        (await MlflowWebhookSender.SendAsync(fleet.WebhookUrl, fleet.Webhooks.AliasCreated(RegistryFleetFixture.Registered, "champion", "2"))).EnsureSuccessStatusCode();

        await fleet.EveryHostServesAsync("2");
        output.WriteLine($"webhook to both hosts serving version 2: {moving.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_alias_moved_in_MLflow_is_served_by_every_host_after_the_next_poll_without_a_webhook()
    {
        await using var fleet = await RegistryFleetFixture.StartAsync(s3.Server, pollInterval: TimeSpan.FromSeconds(2));
        var moving = Stopwatch.StartNew();

        fleet.Mlflow.Registry.SetAlias(RegistryFleetFixture.Registered, "champion", "2");

        await fleet.EveryHostServesAsync("2");
        output.WriteLine($"alias move to both hosts serving version 2, polling every 2 s: {moving.ElapsedMilliseconds} ms");
    }
}
