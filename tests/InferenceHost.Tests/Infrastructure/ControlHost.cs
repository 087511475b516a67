using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// A class fixture for tests of refused control calls: the <see cref="ControlScenario"/> (versions 1 and 2, a host
/// serving 2) and a hub client holding the operator token. Only for tests whose calls must change nothing.
/// </summary>
public sealed class ControlHost : IAsyncLifetime
{
    private readonly S3rverFixture _s3 = new();

    public ModelStoreScenario Store { get; private set; } = null!;
    public RunningHost Host { get; private set; } = null!;
    public HubRecorder OperatorHub { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _s3.InitializeAsync();
        (Store, Host) = await ControlScenario.ServingTwoVersionsAsync(_s3.Server);
        OperatorHub = await HubRecorder.ConnectAsync(Host, RunningHost.OperatorToken);
    }

    public async ValueTask DisposeAsync()
    {
        await OperatorHub.DisposeAsync();
        await Host.DisposeAsync();
        await _s3.DisposeAsync();
    }
}
