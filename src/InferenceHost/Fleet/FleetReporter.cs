using System.Net.Http.Json;
using Hotswap.Contracts;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Status;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// How a host in <see cref="SwapMode.OnRequest"/> (Lambda: no long-lived connection, frozen between invocations)
/// tells the dashboard where it is: after each of its events (<see cref="ReportsDue"/>: each check of the desired
/// state, each swap's outcome), a <see cref="FleetReport"/> with the status as it is then, POSTed to
/// <see cref="FleetPaths.Reports"/> with the fleet token and bounded by <c>Fleet:ReportTimeout</c>. One at a time, on
/// this loop, never on the request that triggered the check: a dashboard that is down or slow costs requests nothing.
/// </summary>
public sealed class FleetReporter(ReportsDue due, IHttpClientFactory http, HostStatusReader status, IOptions<FleetOptions> fleet, IOptions<SwapOptions> swap, FleetLog log, DashboardLinkTracker link, BackgroundFaults faults)
    : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> reports go through (timeout and token set in <see cref="FleetSetup"/>).</summary>
    public const string Client = "Hotswap.Fleet.Reports";

    private readonly Uri _reports = fleet.Value.Endpoint(FleetPaths.Reports);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcement = Announcement.Of(swap.Value, fleet.Value);
        await foreach (var _ in due.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var client = http.CreateClient(Client);
                using var response = await client.PostAsJsonAsync(_reports, new FleetReport(announcement, status.Read()), ContractsJsonContext.Default.FleetReport, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    link.Set(DashboardLinkState.Reported);
                }
                else
                {
                    Failed($"{(int)response.StatusCode} {response.ReasonPhrase}");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                Failed(e is OperationCanceledException ? $"no answer within {fleet.Value.ReportTimeout}" : e.Message);
            }
            catch (Exception e)
            {
                faults.Report("fleet report", e);
            }
        }
    }

    private void Failed(string problem)
    {
        link.Set(DashboardLinkState.ReportFailed, problem);
        log.ReportFailed(_reports, problem);
    }
}
