using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Storage;

public sealed class S3ObjectStoreTests(S3rverFixture s3)
{
    [Fact]
    public async Task More_than_a_thousand_objects_under_a_prefix_are_all_listed_across_pages()
    {
        await using var store = TestStore.S3(s3.Server);
        var keys = Enumerable.Range(0, 1_234).Select(i => $"{store.Location.Prefix}many/{i:D5}").ToArray();
        await Parallel.ForEachAsync(
            keys,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
            async (key, _) => await store.WriteAsync(key, [1]));

        var listed = await store.KeysAsync();

        Assert.Equal(keys, listed);
    }
}
