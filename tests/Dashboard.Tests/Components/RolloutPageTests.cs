using Bunit;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Components.Dialogs;
using Hotswap.Dashboard.Components.Pages;
using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Announcements;
using Hotswap.Dashboard.Tests.Persistence;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Mlflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Hotswap.Dashboard.Tests.Rollouts.RolloutSamples;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>The rollout page follows the candidate, the figures and the auto-rollbacks as the services publish them.</summary>
public sealed class RolloutPageTests : DashboardTestContext
{
    private const string HostUrl = "http://127.0.0.1:5001";
    private readonly TemporaryDatabase _database = new();
    private readonly FleetMonitor _fleet;
    private readonly SwapFeed _feed;
    private readonly RolloutMonitor _rollouts;
    // Answers every control call with "no candidate, serving 1" and records what it was sent.
    private readonly AnsweringHost _hosts = new(() => System.Net.Http.Json.JsonContent.Create(new Hotswap.Contracts.Control.ControlResult("iris_model", "abort", "1", false, "1", "Serving", null)));

    public RolloutPageTests()
    {
        _feed = new SwapFeed(_database.Options, _database.Database);
        var audit = new AuditLog(_database.Database);
        _rollouts = new RolloutMonitor(_feed, audit, Time);
        // Never started: the test publishes host states itself instead of connecting.
        _fleet = new FleetMonitor(_database.Options, _feed, Time, NullLogger<FleetMonitor>.Instance, _rollouts);
        var registry = ModelRegistry.Create(new ModelStoreOptions { Uri = Path.Combine(Path.GetTempPath(), "hotswap-unused-store") }, Time);
        Services.AddSingleton(_fleet);
        Services.AddSingleton(_feed);
        Services.AddSingleton(_rollouts);
        var control = new FleetControl(_hosts, _database.Options, _fleet, registry, audit, Time, NullLogger<FleetControl>.Instance, Microsoft.Extensions.Options.Options.Create(new RolloutPolicy()), NoAnnouncedHosts.Refresh(_feed, Time));
        Services.AddSingleton(control);
        // Never started: no model follows MLflow's registry here.
        Services.AddSingleton(new MlflowSync(registry, new MlflowRegistryClient(new HttpClient()), control, audit, _feed,
            Microsoft.Extensions.Options.Options.Create(new MlflowOptions()), Microsoft.Extensions.Options.Options.Create(new RolloutPolicy()), Time, NullLogger<MlflowSync>.Instance));
        Services.AddScoped<OperatorCommands>();
        AddAuthorization().SetAuthorized("alice").SetRoles(Roles.Operator);
        _fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("iris_model", "1") with
        {
            Rollout = new RolloutStatus("2", RolloutMode.Canary, 20, CandidateState.Ready, null, Samples.At, "alice", null, null),
        })));
    }

    [Fact]
    public void The_candidate_is_shown_with_its_mode_weight_and_who_started_it()
    {
        var cut = Render<RolloutPage>(p => p.Add(c => c.Model, "iris_model"));

        Assert.Equal("2", cut.Find("[data-testid=candidate-version]").TextContent);
        Assert.Equal("canary", cut.Find("[data-testid=candidate-mode]").TextContent);
        Assert.Contains("at 20%", cut.Find("[data-testid=candidate]").TextContent);
        Assert.Contains("Started by alice", cut.Find("[data-testid=candidate]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=promote]"));
    }

    [Fact]
    public void Request_counts_rise_on_the_page_as_the_hosts_push_their_figures()
    {
        var cut = Render<RolloutPage>(p => p.Add(c => c.Model, "iris_model"));

        _rollouts.Observe(Stats("host-1", [Served(40), Candidate(10)]));
        cut.WaitForAssertion(() => Assert.Equal("10", cut.Find("[data-testid=requests-2]").TextContent));
        Time.Advance(TimeSpan.FromSeconds(1));
        _rollouts.Observe(Stats("host-1", [Served(80), Candidate(21)]));

        cut.WaitForAssertion(() => Assert.Equal("21", cut.Find("[data-testid=requests-2]").TextContent));
        Assert.Equal("80", cut.Find("[data-testid=requests-1]").TextContent);
    }

    [Fact]
    public void An_auto_rollback_appears_on_the_page_with_its_reason()
    {
        var cut = Render<RolloutPage>(p => p.Add(c => c.Model, "iris_model"));

        _rollouts.AutoRolledBack(HostUrl, "host-1", Rollback());

        cut.WaitForAssertion(() => Assert.Contains("auto-rollback: error_rate 0.5 > 0.05", cut.Find("[data-testid=auto-rollbacks]").TextContent));
    }

    [Fact]
    public void A_viewer_sees_the_rollout_but_no_controls()
    {
        AddAuthorization().SetAuthorized("bob").SetRoles(Roles.Viewer);

        var cut = Render<RolloutPage>(p => p.Add(c => c.Model, "iris_model"));

        Assert.Empty(cut.FindAll("[data-testid=promote]"));
        Assert.Contains("Sign in as an operator", cut.Markup);
    }

    [Fact]
    public void Aborting_after_confirming_with_a_reason_posts_the_abort_to_the_host_and_shows_its_answer()
    {
        var provider = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<RolloutPage>(p => p.Add(c => c.Model, "iris_model"));

        cut.Find("[data-testid=abort]").Click();
        provider.WaitForAssertion(() => Assert.Contains("This will abort the rollout of iris_model on every host", provider.Markup));
        provider.Find("textarea").Input("v2 is not ready");
        provider.WaitForAssertion(() => Assert.False(provider.FindAll("button").Single(b => b.TextContent.Trim() == "abort").HasAttribute("disabled")));
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "abort").Click();

        cut.WaitForAssertion(() => Assert.Contains("abort the rollout of iris_model: done on 1 host(s)", cut.Find("[role=status]").TextContent));
        var (path, body) = Assert.Single(_hosts.Requests);
        Assert.Equal("/control/models/iris_model/rollout/abort", path);
        Assert.Contains("v2 is not ready", body);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
