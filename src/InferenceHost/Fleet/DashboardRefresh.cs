using System.Threading.Channels;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry.Commands;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// The refreshes the dashboard asks for over the fleet connection (<c>Refresh(model, reason)</c>): queued by the
/// connection's receive loop, which never waits for them, and run here one at a time. A named model converges through
/// the control commands' refresh (recorded as the actor <see cref="Actor"/>); no model reads the desired state for all.
/// </summary>
public sealed class DashboardRefresh(Reconciler reconciler, ControlCommands commands, FleetLog log, BackgroundFaults faults) : BackgroundService
{
    public const string Actor = "dashboard";

    /// <summary>The trigger a refresh of every model names in its swaps, as a control refresh of one model does.</summary>
    private const string Trigger = "refresh";

    /// <summary>A dashboard asking faster than the host converges loses its oldest asks: the latest say the same.</summary>
    private readonly Channel<(string? Model, string Reason)> _asked = Channel.CreateBounded<(string? Model, string Reason)>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Queues a refresh; returns at once.</summary>
    public void Ask(string? model, string reason) => _asked.Writer.TryWrite((model, reason));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (model, reason) in _asked.Reader.ReadAllAsync(stoppingToken))
        {
            log.RefreshAsked(model ?? "(every model)", reason);
            try
            {
                if (model is null)
                {
                    await reconciler.CheckAsync(Trigger, stoppingToken);
                }
                else
                {
                    await commands.RunAsync(new Refresh(model, reason), force: false, Actor, stoppingToken);
                }
            }
            catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
            {
                log.RefreshRefused(model ?? "(every model)", problem.Detail ?? e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                faults.Report("dashboard refresh", e);
            }
        }
    }
}
