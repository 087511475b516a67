using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Announcements;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// Runs an operator's command on the fleet with the hosts' operator token, and audits it. Pin, unpin and rollback
/// change the store's desired state, so they go to one host (the first that answers); every other host is then told
/// to refresh, so the whole fleet converges now rather than at its next poll. Refresh goes to every host. Polled
/// hosts (function URLs) get no calls: they follow the desired state by themselves, and when the fleet has no other
/// host the dashboard writes the desired state to the store itself. Rollout commands (start, weight, approve, promote,
/// abort) are desired-state writes too and go the same way; a promotion written by the dashboard itself is held to
/// the rollout policy of configuration section <c>Rollout</c>, as the hosts hold theirs. Hosts that announced
/// themselves are never dialed: the dashboard writes the desired state itself when no dialed host exists, and they
/// are told to refresh over their fleet connection (<see cref="FleetRefresh"/>) wherever dialed hosts are.
/// </summary>
public sealed class FleetControl(
    IHttpClientFactory httpClients, IOptions<DashboardOptions> options, FleetMonitor fleet, ModelRegistry registry, AuditLog audit, TimeProvider time, ILogger<FleetControl> logger,
    IOptions<RolloutPolicy> rolloutPolicy, FleetRefresh announced)
{
    public const string HttpClientName = "hosts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ActionOutcome> RunAsync(ControlAction action, string actor, CancellationToken cancellationToken)
    {
        var fleetNow = fleet.Hosts.Current;
        var status = fleetNow.SelectMany(h => h.Status?.Models ?? []).FirstOrDefault(m => m.Model == action.Model);
        var from = status?.DesiredVersion;
        var hosts = fleetNow.Where(h => h.Kind == HostKind.Hub).ToImmutableArray();
        var outcomes = action.Verb == ControlVerb.Refresh
            ? [.. await SendToAllAsync(hosts.Select(h => h.Url), action, actor, cancellationToken), .. await announced.RefreshAsync(action.Model, action.Reason ?? $"refresh by {actor}")]
            : hosts.IsEmpty
                ? await WriteAndRefreshAnnouncedAsync(action, actor, cancellationToken)
                : await ChangeDesiredStateAsync(hosts, action, actor, cancellationToken);
        var to = action.ChangesCandidateOnly
            ? action.Version ?? outcomes.Select(o => o.Result?.Rollout?.Version).FirstOrDefault(v => v is not null) ?? status?.Rollout?.Version
            : outcomes.Select(o => o.Result?.DesiredVersion).FirstOrDefault(v => v is not null);
        var outcome = new ActionOutcome(action, actor, from, to, outcomes);
        audit.Append(new AuditEntry(0, time.GetUtcNow(), actor, action.AuditName, action.Model, from, to ?? action.Version, action.Reason, outcome.Succeeded, outcome.Summary));
        DashboardLog.ActionRan(logger, actor, action.Verb.ToString(), action.Model, to ?? action.Version, outcome.Summary);
        return outcome;
    }

    /// <summary>
    /// Tells every hub host to read the desired state now, after someone else (a host's guard) changed it; not an
    /// operator's action, so not audited. A host that does not answer follows at its next poll.
    /// </summary>
    public async Task FollowAsync(string model, string reason, CancellationToken cancellationToken)
    {
        var hosts = fleet.Hosts.Current.Where(h => h.Kind == HostKind.Hub).Select(h => h.Url);
        var outcomes = await SendToAllAsync(hosts, new ControlAction(model, ControlVerb.Refresh, null, reason), "dashboard", cancellationToken);
        foreach (var outcome in outcomes.AddRange(await announced.RefreshAsync(model, reason)))
        {
            if (!outcome.Succeeded)
            {
                DashboardLog.FollowFailed(logger, outcome.HostUrl, model, outcome.Message);
            }
        }
    }

    private async Task<ImmutableArray<HostOutcome>> ChangeDesiredStateAsync(ImmutableArray<HostState> hosts, ControlAction action, string actor, CancellationToken cancellationToken)
    {
        var tried = ImmutableArray.CreateBuilder<HostOutcome>();
        // Connected hosts first: an unreachable one would only cost a timeout.
        foreach (var host in hosts.OrderBy(h => h.Connection != HostConnectionState.Connected))
        {
            var outcome = await SendAsync(host.Url, action, actor, cancellationToken);
            tried.Add(outcome);
            if (outcome.Reached)
            {
                var followers = hosts.Select(h => h.Url).Where(url => url != host.Url);
                var reason = Following(action, actor);
                var refresh = action with { Verb = ControlVerb.Refresh, Version = null, Reason = reason, Weight = 0 };
                return outcome.Succeeded
                    ? [outcome, .. await SendToAllAsync(followers, refresh, actor, cancellationToken), .. await announced.RefreshAsync(action.Model, reason)]
                    : [outcome];
            }
        }

        return tried.ToImmutable();
    }

    /// <summary>No dialed host to change the desired state: the dashboard writes it, then tells announced hosts to follow.</summary>
    private async Task<ImmutableArray<HostOutcome>> WriteAndRefreshAnnouncedAsync(ControlAction action, string actor, CancellationToken cancellationToken)
    {
        var written = await WriteToStoreAsync(action, actor, cancellationToken);
        return written.Succeeded ? [written, .. await announced.RefreshAsync(action.Model, Following(action, actor))] : [written];
    }

    private static string Following(ControlAction action, string actor) => $"follow {action.AuditName} by {actor}";

    private async Task<HostOutcome> WriteToStoreAsync(ControlAction action, string actor, CancellationToken cancellationToken)
    {
        try
        {
            // The dashboard writes with its own store credentials; the change is the signed-in person's.
            var entry = (await registry.Commands(rolloutPolicy.Value).ApplyAsync(action.Command, $"dashboard:{actor}", cancellationToken))!;
            if (action.ChangesCandidateOnly)
            {
                return new HostOutcome(registry.Location.ToString(), true, true, $"candidate {entry.Candidate?.Version ?? "none"} written; hosts follow at their next check", null);
            }

            return new HostOutcome(registry.Location.ToString(), true, true, $"desired version {entry.Version} written; hosts follow at their next check", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HostOutcome(registry.Location.ToString(), false, false, e.Message, null);
        }
    }

    private async Task<ImmutableArray<HostOutcome>> SendToAllAsync(IEnumerable<string> hosts, ControlAction action, string actor, CancellationToken cancellationToken) =>
        [.. await Task.WhenAll(hosts.Select(h => SendAsync(h, action, actor, cancellationToken)))];

    /// <summary>The host's answer, or null when its body is not JSON or not of a control result's shape.</summary>
    private static async Task<ControlResult?> ReadResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ControlResult>(Json, cancellationToken) is { Model: not null, State: not null } result ? result : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private async Task<HostOutcome> SendAsync(string host, ControlAction action, string actor, CancellationToken cancellationToken)
    {
        object body = action.Verb switch
        {
            ControlVerb.Pin => new PinRequest(action.Version!, action.Reason, action.Force),
            ControlVerb.StartShadow => new StartRolloutRequest(action.Version!, RolloutMode.Shadow, 0, null, action.Reason),
            ControlVerb.StartCanary => new StartRolloutRequest(action.Version!, RolloutMode.Canary, action.Weight, null, action.Reason),
            ControlVerb.SetWeight => new RolloutWeightRequest(action.Weight, action.Reason),
            ControlVerb.Approve or ControlVerb.Promote or ControlVerb.Abort => new ControlRequest(action.Reason),
            _ => new ControlRequest(action.Reason, action.Force),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{host}/control/models/{Uri.EscapeDataString(action.Model)}/{action.Route}")
        {
            Content = JsonContent.Create(body, body.GetType(), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.OperatorToken ?? "");
        request.Headers.Add(ControlHeaders.OnBehalfOf, actor);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new HostOutcome(host, true, false, await HostProblem.ReadAsync(response, cancellationToken), null);
            }

            if (await ReadResultAsync(response, cancellationToken) is not { } result)
            {
                return new HostOutcome(host, true, false, $"{host} answered {action.AuditName} of {action.Model} with {(int)response.StatusCode} but not with a control result (JSON naming the model and its versions)", null);
            }

            if (action.ChangesCandidateOnly || action.Verb == ControlVerb.Abort)
            {
                if (result.Rollout is { State: CandidateState.Failed } failed)
                {
                    return new HostOutcome(host, true, false, $"candidate {failed.Version} failed to load: {failed.Error ?? "no reason given"}", result);
                }

                return result.Error is null
                    ? new HostOutcome(host, true, true, result.Rollout is { } r ? $"candidate {r.Version} ({r.Mode.ToString().ToLowerInvariant()}{(r.Mode == RolloutMode.Canary ? $" {r.Weight}%" : "")}, {r.State.ToString().ToLowerInvariant()}), serving {result.ServedVersion}" : $"no candidate, serving {result.ServedVersion}", result)
                    : new HostOutcome(host, true, false, result.Error, result);
            }

            return result.Error is null && result.ServedVersion == result.DesiredVersion
                ? new HostOutcome(host, true, true, $"serving version {result.ServedVersion}", result)
                : new HostOutcome(host, true, false, $"desired version {result.DesiredVersion}, still serving {result.ServedVersion ?? "nothing"} ({result.State}){(result.Error is { } error ? ": " + error : "")}", result);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HostOutcome(host, false, false, e is TaskCanceledException ? $"no answer within {options.Value.ControlTimeout.TotalSeconds:0} s" : e.Message, null);
        }
    }
}
