using System.Globalization;
using System.Text;
using Hotswap.Registry.Storage;

// Usage: Hotswap.StoreRacer STORE_DIRECTORY KEY COUNT GO_FILE
// Prints "ready", waits until GO_FILE exists (so racers start together), then adds 1 to the number in KEY COUNT times
// from several concurrent tasks, each update a conditional read-modify-write (If-Match on the ETag) retried when
// another writer got there first.
var store = new FileSystemObjectStore(args[0]);
var key = args[1];
var remaining = int.Parse(args[2], CultureInfo.InvariantCulture);
var retries = 0;
Console.WriteLine("ready");
while (!File.Exists(args[3]))
{
    await Task.Delay(1);
}

await Task.WhenAll(Enumerable.Range(0, 4 * Environment.ProcessorCount).Select(_ => Task.Run(RaceAsync)));
Console.WriteLine($"done: {args[2]} updates, {retries} retries");

async Task RaceAsync()
{
    while (Interlocked.Decrement(ref remaining) >= 0)
    {
        while (!await TryAddOneAsync())
        {
            Interlocked.Increment(ref retries);
        }
    }
}

async Task<bool> TryAddOneAsync()
{
    var read = await store.ReadAsync(key, null, CancellationToken.None);
    var next = long.Parse(Encoding.UTF8.GetString(read.Content), CultureInfo.InvariantCulture) + 1;
    using var content = new MemoryStream(Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
    try
    {
        await store.WriteAsync(key, content, new WriteOptions { IfMatch = read.ETag }, CancellationToken.None);
        return true;
    }
    catch (ConcurrentUpdateException)
    {
        return false;
    }
}
