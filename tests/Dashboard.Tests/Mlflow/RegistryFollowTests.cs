using System.Diagnostics;
using System.Net;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Testing.Hosts;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Dashboard.Tests.Mlflow;

/// <summary>
/// Moving <c>@champion</c> in MLflow moves the fleet: the dashboard resolves the alias on a signed webhook delivery or
/// its poll, writes the desired state through the command path, and tells every host to refresh. Forged, stale and
/// replayed deliveries change nothing; a pin holds; a version still registering is not followed; an MLflow that cannot
/// be reached changes nothing and is shown with why.
/// </summary>
public sealed class RegistryFollowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NoPoll = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_webhook_for_an_alias_move_moves_the_desired_state_and_tells_the_hosts_to_refresh()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(NoPoll);
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");
        var moving = Stopwatch.StartNew();

        using var answer = await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, fixture.Webhooks.AliasCreated(RegistryFollowFixture.Registered, "champion", "2"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await fixture.Host.WaitForRefreshAsync(r => r.Model == RegistryFollowFixture.Model && r.Reason.Contains("points at version 2", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        output.WriteLine($"webhook to the host told to refresh: {moving.ElapsedMilliseconds} ms");
        Assert.Equal(("2", false), await fixture.DesiredAsync());
    }

    [Fact]
    public async Task An_alias_move_is_in_the_swap_feed_and_the_audit_with_its_delivery_id()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(NoPoll);
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");
        var delivery = fixture.Webhooks.AliasCreated(RegistryFollowFixture.Registered, "champion", "2");

        (await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, delivery)).Dispose();

        // The store is written before the feed and the audit: wait for the feed's entry, not the desired state.
        var moved = (await Eventually.ReturnsAsync(
            () => Task.FromResult(fixture.Dashboard.Service<SwapFeed>().Entries.Current.SingleOrDefault(e => e.Kind == FeedEventKind.RegistryMoved)),
            e => e is not null,
            "the move in the swap feed"))!;
        var audited = Assert.Single(fixture.Dashboard.Service<AuditLog>().Read(20), e => e.Action == "follow-move");
        Assert.All([moved.Detail, audited.Reason], text => Assert.Contains($"delivery {delivery.DeliveryId}", text, StringComparison.Ordinal));
        Assert.Equal(("1", "2", MlflowSync.Actor), (audited.FromVersion, audited.ToVersion, audited.Actor));
    }

    [Fact]
    public async Task Without_a_webhook_the_poll_moves_the_desired_state()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(TimeSpan.FromSeconds(2));
        var moving = Stopwatch.StartNew();

        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");

        await fixture.WaitForDesiredAsync("2");
        output.WriteLine($"alias moved to the desired state, polling every 2 s: {moving.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_delivery_with_a_forged_signature_is_refused_and_changes_nothing()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(NoPoll);
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");
        var forged = new MlflowWebhookSender("not-the-secret").AliasCreated(RegistryFollowFixture.Registered, "champion", "2");
        var lookups = fixture.AliasLookups;

        using var answer = await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("does not match", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStaysAsync(fixture, "1", lookups);
    }

    [Fact]
    public async Task A_delivery_older_than_five_minutes_is_refused_and_changes_nothing()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(NoPoll);
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");
        var stale = fixture.Webhooks.AliasCreated(RegistryFollowFixture.Registered, "champion", "2", at: DateTimeOffset.UtcNow.AddMinutes(-6));
        var lookups = fixture.AliasLookups;

        using var answer = await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, stale);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        await AssertStaysAsync(fixture, "1", lookups);
    }

    [Fact]
    public async Task A_replayed_delivery_changes_nothing()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(NoPoll);
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");
        var delivery = fixture.Webhooks.AliasCreated(RegistryFollowFixture.Registered, "champion", "2");
        (await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, delivery)).Dispose();
        await fixture.WaitForDesiredAsync("2");
        await fixture.Dashboard.Service<ModelRegistry>().Commands().ApplyAsync(new PinVersion(RegistryFollowFixture.Model, "1", "tests"), "tests", CancellationToken.None);
        await fixture.Dashboard.Service<ModelRegistry>().Commands().ApplyAsync(new Unpin(RegistryFollowFixture.Model, "tests"), "tests", CancellationToken.None);
        var lookups = fixture.AliasLookups;

        using var answer = await MlflowWebhookSender.SendAsync(fixture.WebhookUrl, delivery);

        Assert.Contains("already received", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStaysAsync(fixture, "1", lookups);
    }

    [Fact]
    public async Task A_pinned_model_ignores_an_alias_move_and_says_it_follows_once_unpinned()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(TimeSpan.FromSeconds(1));
        await fixture.Dashboard.Service<ModelRegistry>().Commands().ApplyAsync(new PinVersion(RegistryFollowFixture.Model, "1", "hold"), "tests", CancellationToken.None);

        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", "2");

        await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Followed), f => f?.PointsAt == "2", "the dashboard to see @champion on version 2");
        Assert.Equal("pinned at version 1: follows models:/iris-mlflow@champion (version 2) once unpinned", fixture.Followed!.Note);
        Assert.Equal(("1", true), await fixture.DesiredAsync());
    }

    [Fact]
    public async Task A_version_still_registering_is_not_followed_until_it_is_ready()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(TimeSpan.FromSeconds(1));
        var pending = RegistryFollowFixture.RegisterVersion(fixture.Mlflow, 3, status: "PENDING_REGISTRATION");
        fixture.Mlflow.Registry.SetAlias(RegistryFollowFixture.Registered, "champion", pending.Version);
        await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Followed), f => f?.PointsAt == "3", "the dashboard to see @champion on version 3");
        Assert.Contains("which MLflow reports PENDING_REGISTRATION", fixture.Followed!.Note, StringComparison.Ordinal);
        Assert.Equal("1", (await fixture.DesiredAsync()).Version);

        fixture.Mlflow.Registry.SetStatus(RegistryFollowFixture.Registered, pending.Version, "READY");

        await fixture.WaitForDesiredAsync("3");
    }

    [Fact]
    public async Task An_MLflow_that_cannot_answer_changes_nothing_and_the_dashboard_says_why()
    {
        await using var fixture = await RegistryFollowFixture.StartAsync(TimeSpan.FromSeconds(1));
        fixture.Mlflow.Unavailable = true;

        var followed = await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Followed), f => f?.Problem is not null, "the dashboard to say MLflow did not answer");

        Assert.Contains("answered 503 for the alias @champion of 'iris-mlflow': TEMPORARILY_UNAVAILABLE", followed!.Problem, StringComparison.Ordinal);
        Assert.Equal(("1", false), await fixture.DesiredAsync());
    }

    /// <summary>
    /// Once every delivery sent so far is handled, the desired state still names <paramref name="version"/>, and MLflow
    /// was asked about the alias no more than the <paramref name="lookups"/> times it had been before the delivery.
    /// </summary>
    private static async Task AssertStaysAsync(RegistryFollowFixture fixture, string version, int lookups)
    {
        await fixture.SettledAsync();
        Assert.Equal((version, lookups), ((await fixture.DesiredAsync()).Version, fixture.AliasLookups));
    }
}
