using Hotswap.InferenceHost.Serving;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

public sealed class ServedModelLeaseTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hotswap-lease-{Guid.NewGuid():N}.onnx");

    public ServedModelLeaseTests() => File.WriteAllBytes(_path, GeneratedModel.Linear([1f, 1f, 1f], 0f).ToOnnx());

    [Fact]
    public async Task A_retired_model_is_released_only_when_its_last_lease_ends()
    {
        var slot = new ModelSlot("m");
        var model = Load("1");
        slot.Exchange(model);
        Assert.True(slot.TryLease(out var lease));

        slot.Exchange(Load("2"))!.Retire();
        var releasedWhileLeased = model.Released.IsCompleted;
        lease.Dispose();

        Assert.False(releasedWhileLeased);
        await model.Released.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_retired_model_with_no_lease_is_released_at_once()
    {
        var model = Load("1");

        model.Retire();

        Assert.True(model.Released.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_lease_taken_after_a_swap_gets_the_new_version()
    {
        var slot = new ModelSlot("m");
        slot.Exchange(Load("1"));

        slot.Exchange(Load("2"))!.Retire();
        Assert.True(slot.TryLease(out var lease));
        using (lease)
        {
            Assert.Equal("2", lease.Model.Version.Version);
        }
    }

    [Fact]
    public void An_empty_slot_gives_no_lease()
    {
        Assert.False(new ModelSlot("m").TryLease(out _));
    }

    [Fact]
    public async Task Racing_leases_and_swaps_never_use_a_released_model()
    {
        var slot = new ModelSlot("m");
        slot.Exchange(Load("0"));
        var usedAfterRelease = 0;
        using var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (slot.TryLease(out var lease))
                {
                    using (lease)
                    {
                        if (lease.Model.Released.IsCompleted)
                        {
                            Interlocked.Increment(ref usedAfterRelease);
                        }
                    }
                }
            }
        })).ToArray();
        for (var i = 1; i <= 200; i++)
        {
            slot.Exchange(Load(i.ToString()))!.Retire();
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, usedAfterRelease);
    }

    public void Dispose() => File.Delete(_path);

    private ServedModel Load(string version) => LoadedModels.Load(_path, version);
}
