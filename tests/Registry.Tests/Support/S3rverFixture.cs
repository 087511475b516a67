using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

[assembly: AssemblyFixture(typeof(S3rverFixture))]

namespace Hotswap.Registry.Tests.Support;

/// <summary>One real s3rver for the whole assembly; every test works under a prefix of its own.</summary>
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
