using Hotswap.Testing;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>One s3rver for a test class; each test works under a prefix of its own.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rverProcess Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await S3rverProcess.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
