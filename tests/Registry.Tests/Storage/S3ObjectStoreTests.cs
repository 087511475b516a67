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

    /// <summary>
    /// S3 makes each PUT atomic; s3rver alone does not (a read could pair one body with another's ETag, for good when
    /// two PUTs raced), so the fixture runs it behind tools/atomic-s3rver.js. This is what hosts writing
    /// model_list.json at the same moment rely on.
    /// </summary>
    [Fact]
    public async Task A_key_written_and_read_by_many_at_once_always_reads_back_one_whole_body()
    {
        await using var store = TestStore.S3(s3.Server);
        var key = store.DesiredStateKey;
        var bodies = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)('a' + i), 32 * 1024 * (i + 1)).ToArray()).ToArray();
        await store.WriteAsync(key, bodies[0]);

        var reads = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, 100),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) =>
            {
                if (i % 2 == 0)
                {
                    await store.WriteAsync(key, bodies[i / 2 % bodies.Length]);
                }
                else
                {
                    reads.Add((await store.ReadAsync(key))!);
                }
            });
        reads.Add((await store.ReadAsync(key))!);

        Assert.All(reads, read => Assert.Contains(bodies, body => body.AsSpan().SequenceEqual(read)));
    }
}
