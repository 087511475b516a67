using System.Diagnostics;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.EndToEnd.Tests.Races;

/// <summary>
/// Operators racing each other through the dashboard's command path: 4 clients each issue 200 seeded random pin,
/// unpin, rollback and refresh commands at once against a fleet of 3 hosts sharing one store. Afterwards every host
/// serves the version the store's desired state names (s3rver ignores If-Match, so the store, not a prediction of
/// who won, is the truth), and the audit log holds every command, each client's in the order it issued them.
/// </summary>
public sealed class CommandRaceTests
{
    private const int Clients = 4;
    private const int CommandsPerClient = 200;
    private const int Versions = 4;
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task Four_clients_racing_800_commands_leave_every_host_on_the_stores_desired_version_and_every_command_audited_in_order()
    {
        await using var server = await S3rverProcess.StartAsync();
        var store = new ModelStoreScenario(server);
        for (var v = 1; v <= Versions; v++)
        {
            await store.PublishAsync(v);
        }

        var hosts = new List<RunningHost>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(await RunningHost.StartAsync(store, new Dictionary<string, string?> { ["Swap:HostId"] = $"host-{i + 1}", ["Swap:WarmupRuns"] = "0" }));
            }

            await Task.WhenAll(hosts.Select(h => h.WaitUntilServingAsync(Versions.ToString())));
            await using var dashboard = await InProcessDashboard.StartAsync(store, [.. hosts.Select(h => h.Address.GetLeftPart(UriPartial.Authority))]);
            var fleet = dashboard.Service<FleetMonitor>();
            await Eventually.ReturnsAsync(() => Task.FromResult(fleet.Hosts.Current), h => h.All(s => s.Connection == HostConnectionState.Connected), "the dashboard to connect to every host");
            var control = dashboard.Service<FleetControl>();
            var elapsed = Stopwatch.StartNew();

            var outcomes = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                var random = new Random(1000 + client);
                var results = new List<ActionOutcome>();
                for (var i = 0; i < CommandsPerClient; i++)
                {
                    results.Add(await control.RunAsync(Command(random, client, i), $"client-{client}", CancellationToken.None));
                }

                return results;
            })));
            elapsed.Stop();
            var desired = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!.Version;
            await Task.WhenAll(hosts.Select(h => h.WaitUntilServingAsync(desired)));
            var audit = dashboard.Service<AuditLog>().Read(10_000).Reverse().ToList();

            Assert.Equal(Clients * CommandsPerClient, audit.Count);
            for (var client = 0; client < Clients; client++)
            {
                var issued = outcomes[client].Select(o => o.Action.Reason).ToList();
                var audited = audit.Where(e => e.Actor == $"client-{client}").Select(e => e.Reason).ToList();
                Assert.Equal(issued, audited);
            }

            Assert.All(audit, e => Assert.Equal(Model, e.Model));
            Assert.Equal(outcomes.SelectMany(o => o).Select(o => (o.Actor, o.Action.Verb.ToString().ToLowerInvariant(), o.Succeeded)).Order(), audit.Select(e => (e.Actor, e.Action, e.Succeeded)).Order());
            foreach (var host in hosts)
            {
                Assert.Equal(desired, (await host.PredictAsync([0f, 0f, 0f])).Headers.GetValues("X-Model-Version").Single());
            }

            // How long they took is reported, not asserted: a correctness test must not fail because CI is busy.
            TestContext.Current.TestOutputHelper?.WriteLine($"800 commands in {elapsed.Elapsed.TotalSeconds:0.0} s, {outcomes.SelectMany(o => o).Count(o => !o.Succeeded)} refused or failed");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>Pin a random version, unpin, roll back or refresh; the reason says who issued it and when, to find it in the audit.</summary>
    private static ControlAction Command(Random random, int client, int index)
    {
        var reason = $"client {client} command {index}";
        return random.Next(4) switch
        {
            0 => new ControlAction(Model, ControlVerb.Pin, random.Next(1, Versions + 1).ToString(), reason),
            1 => new ControlAction(Model, ControlVerb.Unpin, null, reason),
            2 => new ControlAction(Model, ControlVerb.Rollback, null, reason),
            _ => new ControlAction(Model, ControlVerb.Refresh, null, reason),
        };
    }
}
