namespace Hotswap.Testing.Hosts;

/// <summary>
/// Waits for a condition of a real host that changes in the background (a poll, a swap). It re-checks on a short
/// interval and fails with the last observed value once the timeout passes.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        // A poll, a download and a swap of a real host under a busy 2-core CI machine: 60 s unless the caller says.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        T last;
        do
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Timed out waiting for {what}; last observed: {last}");
    }
}
