using Bunit;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class GuardRuleListTests : DashboardTestContext
{
    private IRenderedComponent<GuardRuleList> RenderRules(params GuardRuleStatus[] rules) => Render<GuardRuleList>(p => p.Add(c => c.Guards,
    [
        new HostGuardViewModel { Host = "host-1", Phase = RolloutPhase.Canary, GuardedVersion = "2", WindowSeconds = 60, Rules = [.. rules] },
    ]));

    [Fact]
    public void Each_rule_shows_how_close_it_is_to_its_limit()
    {
        var cut = RenderRules(new GuardRuleStatus("error_rate", 0.04, 0.05, Armed: true, Breached: false));

        var rule = cut.Find("[data-rule=error_rate]");
        Assert.Equal("armed", rule.GetAttribute("data-state"));
        Assert.Contains("0.04 / 0.05", rule.TextContent);
        Assert.Equal("80", rule.QuerySelector("[role=progressbar]")!.GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void A_breached_rule_says_so_and_its_bar_is_full()
    {
        var cut = RenderRules(new GuardRuleStatus("p99_ratio", 3, 1.5, Armed: true, Breached: true));

        var rule = cut.Find("[data-rule=p99_ratio]");
        Assert.Equal("breached", rule.GetAttribute("data-state"));
        Assert.Equal("100", rule.QuerySelector("[role=progressbar]")!.GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void A_rule_without_enough_requests_yet_is_warming_up()
    {
        var cut = RenderRules(new GuardRuleStatus("drift", null, 0.1, Armed: false, Breached: false));

        Assert.Equal("warming up", cut.Find("[data-rule=drift]").GetAttribute("data-state"));
    }
}
