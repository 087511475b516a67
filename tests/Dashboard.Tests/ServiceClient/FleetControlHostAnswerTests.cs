using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Persistence;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Announcements;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>
/// A host that answers a control call with 2xx but not with a control result: the command fails as that host's
/// problem, naming the host and the call, and is audited; nothing throws into the circuit that ran it.
/// </summary>
public sealed class FleetControlHostAnswerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hotswap-fleet-answer-");
    private readonly FakeTimeProvider _time = new(Samples.At);

    [Theory]
    [InlineData("<html>proxy login</html>", "text/html")]
    [InlineData("not json at all", "application/json")]
    [InlineData("[1, 2, 3]", "application/json")]
    [InlineData("{\"hello\": \"world\"}", "application/json")]
    [InlineData("null", "application/json")]
    public async Task A_2xx_answer_that_is_not_a_control_result_fails_as_that_hosts_problem_naming_host_and_call(string body, string contentType)
    {
        await using var host = await LoopbackHost.StartAsync(body, contentType);
        var (control, audit) = Fleet(host.Url);

        var outcome = await control.RunAsync(new ControlAction("iris_model", ControlVerb.Rollback, null, "bad outputs"), "alice", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        var answer = Assert.Single(outcome.Hosts);
        Assert.Equal((host.Url, true, false), (answer.HostUrl, answer.Reached, answer.Succeeded));
        Assert.Contains($"{host.Url} answered rollback of iris_model with 200 but not with a control result", outcome.Summary, StringComparison.Ordinal);
        Assert.Equal(("rollback", false), (audit.Recent.Current[0].Action, audit.Recent.Current[0].Succeeded));
    }

    [Fact]
    public async Task A_refresh_answered_with_html_fails_on_that_host_only()
    {
        await using var broken = await LoopbackHost.StartAsync("<html></html>", "text/html");
        var (control, _) = Fleet(broken.Url);

        var outcome = await control.RunAsync(new ControlAction("iris_model", ControlVerb.Refresh, null, null), "alice", CancellationToken.None);

        Assert.Contains($"{broken.Url} answered refresh of iris_model with 200 but not with a control result", Assert.Single(outcome.Hosts).Message, StringComparison.Ordinal);
        Assert.Equal("/control/models/iris_model/refresh", Assert.Single(broken.Requests).Path);
    }

    private (FleetControl Control, AuditLog Audit) Fleet(string hostUrl)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Hosts = [hostUrl],
            DatabasePath = Path.Combine(_directory.FullName, "dashboard.db"),
        });
        var registry = ModelRegistry.Create(new ModelStoreOptions { Uri = Path.Combine(_directory.FullName, "store") }, _time);
        var audit = new AuditLog(new DashboardDatabase(options));
        var feed = new SwapFeed(options, new DashboardDatabase(options));
        var fleet = new FleetMonitor(options, feed, _time, NullLogger<FleetMonitor>.Instance);
        var control = new FleetControl(new PlainHttpClients(), options, fleet, registry, audit, _time, NullLogger<FleetControl>.Instance,
            Microsoft.Extensions.Options.Options.Create(new RolloutPolicy()), NoAnnouncedHosts.Refresh(feed, _time));
        return (control, audit);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
