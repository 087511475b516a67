using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Mlflow;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class RegistryFollowCardTests : DashboardTestContext
{
    private const string Follow = "models:/iris-mlflow@champion";
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private IRenderedComponent<RegistryFollowCard> RenderCard(FollowedModel followed, string? delivery = null) => Render<RegistryFollowCard>(p => p
        .Add(c => c.Follow, Follow)
        .Add(c => c.Followed, followed)
        .Add(c => c.Following, RegistryFollowing.None with { LastPoll = At, LastWebhook = delivery is null ? null : At, LastDeliveryId = delivery })
        .Add(c => c.TrackingUri, "http://mlflow.example:5000"));

    [Fact]
    public void The_card_links_the_version_the_alias_points_at_and_its_run_in_MLflow()
    {
        var cut = RenderCard(new FollowedModel("iris", Follow, "3", "3", "7e224b4b743f4f848ec34ae09cc66ac2", At, null, null));

        var links = cut.FindAll("a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToArray();
        Assert.Equal(
            [("version 3", "http://mlflow.example:5000/#/models/iris-mlflow/versions/3"), ("7e224b4b743f…", "http://mlflow.example:5000/#/runs/7e224b4b743f4f848ec34ae09cc66ac2")],
            links);
    }

    [Fact]
    public void The_card_says_why_the_fleet_is_not_where_the_alias_points()
    {
        var cut = RenderCard(new FollowedModel("iris", Follow, "2", "3", null, At, "pinned at version 2: follows models:/iris-mlflow@champion (version 3) once unpinned", null));

        Assert.Equal("pinned at version 2: follows models:/iris-mlflow@champion (version 3) once unpinned.", cut.Find("[data-testid=registry-note]").TextContent);
    }

    [Fact]
    public void The_card_shows_what_MLflow_answered_when_it_could_not_resolve()
    {
        var cut = RenderCard(new FollowedModel("iris", Follow, "2", null, null, null, null, "MLflow at http://mlflow.example:5000/ answered 503"));

        Assert.Equal("MLflow at http://mlflow.example:5000/ answered 503; the fleet stays on version 2.", cut.Find("[data-testid=registry-problem]").TextContent);
    }

    [Fact]
    public void The_card_names_the_last_webhook_delivery()
    {
        var cut = RenderCard(new FollowedModel("iris", Follow, "3", "3", null, At, null, null), delivery: "9b3c1f0e-7a2d");

        Assert.Contains("(delivery 9b3c1f0e-7a2d)", cut.Find("[data-testid=registry-follow]").TextContent, StringComparison.Ordinal);
    }
}
