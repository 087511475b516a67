using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Xunit.Sdk;

namespace Hotswap.Deployment.Tests.PublishedHost;

/// <summary>The suites here run on the published executable, and what they would need of an in-process host skips them.</summary>
public sealed class PublishedHostModeTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_running_host_here_is_the_published_executable_on_the_port_asked_and_asking_it_for_services_skips_the_test()
    {
        var published = await PublishedDockerfile.Host.PublishedAsync();
        var port = FreePort.Next();
        await using var host = await RunningHost.StartAsync(new ModelStoreScenario(s3.Server), port: port);

        var process = Assert.IsType<InferenceHostProcess>(host);
        Assert.Equal(published.EntryPoint(PublishedDockerfile.Host), File.ResolveLinkTarget($"/proc/{process.Pid}/exe", returnFinalTarget: true)?.FullName);
        Assert.Equal(port, host.Address.Port);
        Assert.Contains("services needs the host in-process", await SkipReasonAsync(() => Task.FromResult(host.Services)));
    }

    [Fact]
    public async Task A_test_that_gives_the_host_a_time_provider_or_captures_its_logs_is_skipped()
    {
        var store = new ModelStoreScenario(s3.Server);

        Assert.Contains("TimeProvider needs the host in-process", await SkipReasonAsync(() => RunningHost.StartAsync(store, time: TimeProvider.System)));
        Assert.Contains("logs needs the host in-process", await SkipReasonAsync(() => RunningHost.StartAsync(store, logs: new LogCapture())));
    }

    /// <summary>Why <paramref name="act"/> skipped the test, caught here so that this test can pass (Assert.Throws lets a skip through).</summary>
    private static async Task<string?> SkipReasonAsync(Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (SkipException skip)
        {
            return skip.Message;
        }
    }
}
