namespace Hotswap.Contracts.Fleet;

/// <summary>Where a host runs, as its environment tells it: shown to operators, never used to authorize anything.</summary>
/// <param name="PodName">The Kubernetes pod (downward API <c>POD_NAME</c>), when in Kubernetes.</param>
/// <param name="PodNamespace">The pod's namespace (downward API <c>POD_NAMESPACE</c>).</param>
/// <param name="LambdaLogStream">The Lambda instance's log stream (<c>AWS_LAMBDA_LOG_STREAM_NAME</c>), when on Lambda.</param>
/// <param name="Hostname">The machine's host name.</param>
public sealed record InstanceFacts(string? PodName, string? PodNamespace, string? LambdaLogStream, string Hostname);

/// <summary>What a host says of itself when it registers with the dashboard's fleet hub or reports over HTTP.</summary>
/// <param name="HostId">The host's id (<c>Swap:HostId</c>); one connected host holds an id at a time.</param>
/// <param name="BaseUrl">Where the host answers (<c>Fleet:BaseUrl</c>), when it has an address the dashboard may show; null for Lambda.</param>
/// <param name="Mode">The host's <c>Swap:Mode</c>.</param>
/// <param name="Policy">The host's <c>Swap:Policy</c>.</param>
/// <param name="SoftwareVersion">The host's build (its assembly's informational version).</param>
public sealed record HostAnnouncement(string HostId, string? BaseUrl, string Mode, string Policy, string SoftwareVersion, InstanceFacts Instance);
