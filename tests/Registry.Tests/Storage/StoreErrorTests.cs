using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Storage;

/// <summary>Whatever goes wrong with S3 reaches callers as a <see cref="StoreException"/> that says what.</summary>
public sealed class StoreErrorTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_bucket_raises_a_StoreException_naming_the_bucket()
    {
        var options = s3.Server.StoreOptions("fleet");
        options.Uri = "s3://no-such-bucket/fleet";
        var registry = ModelRegistry.Create(options, TimeProvider.System);

        var error = await Assert.ThrowsAsync<StoreException>(() => registry.DesiredState.ReadAsync(Ct));

        Assert.Contains("the bucket 'no-such-bucket' does not exist", error.Message);
    }

    [Fact]
    public async Task A_missing_bucket_raises_a_StoreException_when_listing_too()
    {
        var options = s3.Server.StoreOptions("fleet");
        options.Uri = "s3://no-such-bucket/fleet";
        var registry = ModelRegistry.Create(options, TimeProvider.System);

        var error = await Assert.ThrowsAsync<StoreException>(() => registry.ListVersionsAsync("iris", Ct));

        Assert.Contains("the bucket 'no-such-bucket' does not exist", error.Message);
    }

    [Fact]
    public async Task Bad_credentials_raise_a_StoreException_saying_they_were_refused()
    {
        var options = s3.Server.StoreOptions($"t-{Guid.NewGuid():N}");
        options.AccessKeyId = "NOT-S3RVER";
        options.SecretAccessKey = "wrong";
        var registry = ModelRegistry.Create(options, TimeProvider.System);

        var error = await Assert.ThrowsAsync<StoreException>(() => registry.DesiredState.ReadAsync(Ct));

        Assert.Contains("the credentials were refused", error.Message);
    }

    [Fact]
    public async Task A_stopped_s3rver_raises_a_StoreException_saying_the_store_is_unreachable()
    {
        await using var server = await S3rverProcess.StartAsync();
        var registry = ModelRegistry.Create(server.StoreOptions("fleet"), TimeProvider.System);
        await server.StopAsync();

        var error = await Assert.ThrowsAsync<StoreException>(() => registry.DesiredState.ReadAsync(Ct));

        Assert.Contains("the store is unreachable", error.Message);
        Assert.Contains("model_list.json", error.Message);
    }
}
