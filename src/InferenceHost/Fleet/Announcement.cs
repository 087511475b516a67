using Hotswap.Contracts.Fleet;
using Hotswap.InferenceHost.Api;
using Hotswap.InferenceHost.Configuration;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>What this host says of itself to the dashboard: its id, address, mode, policy, build and where it runs.</summary>
public static class Announcement
{
    public static HostAnnouncement Of(SwapOptions swap, FleetOptions fleet) => new(
        swap.ResolvedHostId,
        string.IsNullOrWhiteSpace(fleet.BaseUrl) ? null : fleet.BaseUrl,
        swap.Mode.ToString(),
        swap.Policy.ToString(),
        HealthEndpoints.HostVersion,
        new InstanceFacts(Environment("POD_NAME"), Environment("POD_NAMESPACE"), Environment("AWS_LAMBDA_LOG_STREAM_NAME"), System.Environment.MachineName));

    /// <summary>The variable's value; null when unset or empty (the downward API writes nothing outside Kubernetes).</summary>
    private static string? Environment(string variable) =>
        System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
