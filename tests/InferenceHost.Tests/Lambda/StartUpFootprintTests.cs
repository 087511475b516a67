using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Lambda;

/// <summary>What a starting host does besides serving, which every cold start pays for: as a process, as Lambda and pods start it.</summary>
public sealed class StartUpFootprintTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("hotswap-home-");

    /// <summary>
    /// Neither a Data Protection key ring (which authentication would add, for cookies this host never issues) nor ONNX
    /// Runtime's telemetry queue, whatever the environment the host inherits says of it.
    /// </summary>
    [Fact]
    public async Task A_host_that_served_and_was_controlled_wrote_nothing_under_its_home_directory()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using (var host = await InferenceHostProcess.StartAsync(store, new Dictionary<string, string?> { ["HOME"] = _home.FullName, [OnnxRuntimeTelemetry.Variable] = null }))
        {
            await host.WaitUntilServingAsync("1");
            using var refresh = await host.Operator.PostAsync($"/control/models/{ModelStoreScenario.Model}/refresh", null);
            Assert.True(refresh.IsSuccessStatusCode, $"refresh answered {(int)refresh.StatusCode}");
        }

        Assert.Empty(_home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(f => f.FullName));
    }

    public void Dispose() => _home.Delete(recursive: true);
}
