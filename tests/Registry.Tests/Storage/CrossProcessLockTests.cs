using System.Diagnostics;
using System.Text;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Storage;

/// <summary>
/// The local store's conditional writes hold a lock file that other processes respect: two processes racing
/// read-modify-write updates of one object lose none of them.
/// </summary>
public sealed class CrossProcessLockTests
{
    private const int UpdatesEach = 200;
    private const string Key = "counter.txt";

    private static readonly string RacerDll = Path.Combine(AppContext.BaseDirectory, "Hotswap.StoreRacer.dll");

    [Fact]
    public async Task Two_processes_racing_200_conditional_updates_each_of_one_counter_lose_none()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync(Key, "0");
        var go = Path.Combine(store.Sandbox, "go");
        var firstReady = new TaskCompletionSource();
        var secondReady = new TaskCompletionSource();
        await using var first = StartRacer(store, go, firstReady);
        await using var second = StartRacer(store, go, secondReady);
        await Task.WhenAll(firstReady.Task, secondReady.Task).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        await File.WriteAllTextAsync(go, "", TestContext.Current.CancellationToken);
        await Task.WhenAll(first.Exited, second.Exited).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"first:{Environment.NewLine}{first.Output}second:{Environment.NewLine}{second.Output}");
        Assert.Equal((2 * UpdatesEach).ToString(), Encoding.UTF8.GetString((await store.ReadAsync(Key))!));
    }

    /// <summary>A racer that waits for <paramref name="go"/> to exist; <paramref name="ready"/> completes once it waits.</summary>
    private static CapturedProcess StartRacer(TestStore store, string go, TaskCompletionSource ready) => CapturedProcess.Start(
        new ProcessStartInfo("dotnet") { ArgumentList = { RacerDll, store.Location.RootDirectory, Key, UpdatesEach.ToString(), go } },
        line =>
        {
            if (line == "ready")
            {
                ready.TrySetResult();
            }
        });
}
