using System.Net.Http.Json;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// A store that trickles bytes forever (each read answers well within ModelStore:Timeout) is cut off by
/// Swap:DownloadTimeout: version 1 keeps serving and the status says why version 2 is not.
/// </summary>
public sealed class DownloadDeadlineTests
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_store_trickling_a_version_forever_is_cut_off_at_Swap_DownloadTimeout_and_version_1_keeps_serving()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var proxy = new FaultProxy(server.Port);
        await using var serving = await ServingHost.StartAsync(server, new Dictionary<string, string?>
        {
            ["ModelStore:ServiceUrl"] = proxy.Url,
            ["Swap:DownloadTimeout"] = "00:00:03",
        });
        await using var load = PredictionLoad.Start(serving.Host);

        // 64 KiB a second: a 16 KiB chunk every quarter second, so no single read waits anywhere near ModelStore:Timeout,
        // and the 24 MB version would take over six minutes.
        proxy.BytesPerSecond = 64 * 1024;
        await serving.Store.PublishAsync(SlowDownload.Large, Model, "2");
        var failed = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2", TimeSpan.FromSeconds(90));
        var status = await serving.Host.Client.GetFromJsonAsync<ModelStatus>($"/models/{Model}", Json.Options);
        var prediction = await serving.Host.PredictAsync([1f, 2f, 3f]);
        await load.StopAsync();

        Assert.Equal($"{Model} version 2: its download did not finish within Swap:DownloadTimeout (00:00:03); it was abandoned and nothing of it was kept.", failed.Reason);
        Assert.Equal("1", failed.ServedVersion);
        Assert.Equal("1", status!.ServedVersion);
        Assert.Equal(failed.Reason, status.LastError);
        Assert.Equal(System.Net.HttpStatusCode.OK, prediction.StatusCode);
        Assert.True(load.Failures.Count == 0, load.ToString());
    }
}
