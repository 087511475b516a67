using Xunit;

namespace Hotswap.Testing;

/// <summary>A real s3rver as an xUnit class or assembly fixture; each test works under a store prefix of its own.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private S3rverProcess? _server;

    public S3rverProcess Server => _server ?? throw new InvalidOperationException("s3rver has not started.");

    public async ValueTask InitializeAsync() => _server = await S3rverProcess.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
