using System.Runtime.CompilerServices;
using Hotswap.Testing.Hosts;

namespace Hotswap.Deployment.Tests.PublishedHost;

/// <summary>
/// In this test process every <see cref="RunningHost"/> is the executable the host image ships (its Dockerfile's
/// Native AOT publish, one per test run) as a process: the suites linked from InferenceHost.Tests test the binary
/// itself, and those needing the host in-process are reported skipped.
/// </summary>
internal static class PublishedHostMode
{
    [ModuleInitializer]
    internal static void UseThePublishedHost() =>
        RunningHost.UsePublishedExecutable(async () => (await PublishedDockerfile.Host.PublishedAsync()).StartInfo(PublishedDockerfile.Host));
}
