namespace Hotswap.Dashboard.ServiceClient;

/// <summary>How the dashboard follows one host: over its hub (<see cref="HostConnection"/>) or by polling (<see cref="PolledHost"/>).</summary>
public interface IHostWatch : IAsyncDisposable
{
    string Url { get; }

    /// <summary>Follows the host, reporting every change of its <see cref="HostState"/>, until stopped.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
