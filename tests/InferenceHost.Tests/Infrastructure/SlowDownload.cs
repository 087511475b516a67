using Hotswap.Contracts.Swapping;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// A version big enough that its download, throttled by a <see cref="FaultProxy"/>, is still under way when a test
/// strikes (kills the store, stalls it, kills the host).
/// </summary>
public static class SlowDownload
{
    public const long BytesPerSecond = 8 * 1024 * 1024;

    private static readonly Lazy<GeneratedModel> LargeModel = new(() => GeneratedModel.OfSize(3, 24L * 1024 * 1024));

    /// <summary>About 24 MB: three seconds through the throttled proxy.</summary>
    public static GeneratedModel Large => LargeModel.Value;

    /// <summary>Waits until <paramref name="version"/>'s swap has started and a few megabytes of it have come through the proxy.</summary>
    public static async Task UnderWayAsync(HubRecorder hub, FaultProxy proxy, string version)
    {
        await hub.WaitForAsync<SwapStarted>(e => e.ToVersion == version);
        var started = proxy.BytesDown;
        await Eventually.ReturnsAsync(() => Task.FromResult(proxy.BytesDown - started), n => n > 2 * 1024 * 1024, $"the download of version {version} to be under way");
    }
}
