using Hotswap.Publisher.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Publisher.Tests.Commands;

/// <summary>list, versions, pin, unpin and rollback, on versions imported from small generated models.</summary>
public sealed class DesiredStateCommandTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly OnnxFiles _files = new();

    [Fact]
    public async Task List_shows_each_model_with_its_desired_version_and_whether_it_is_pinned()
    {
        var store = await StoreWithVersionsAsync(3);
        await store.RunAsync("import", _files.Linear(), "--model", "other_model");
        await store.RunAsync("pin", "--model", "iris_model", "--version", "2", "--reason", "hold for the demo");

        var result = await store.RunAsync("list");

        Assert.Equal(
            ["MODEL        DESIRED  PINNED  REASON", "iris_model   2        yes     hold for the demo", "other_model  1        no      published version 1"],
            result.Out.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Versions_lists_newest_first_with_size_sha256_verification_and_signature()
    {
        var store = await StoreWithVersionsAsync(2);
        var newest = (await store.OpenRegistry().ListVersionsAsync("iris_model", TestContext.Current.CancellationToken))[0];

        var result = await store.RunAsync("versions", "--model", "iris_model");

        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(["VERSION", "CREATED", "SIZE", "SHA256", "VERIFIED", "BY", "SIGNATURE", "METRICS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2", "1"], lines[1..].Select(l => l.Split(' ')[0]));
        Assert.Contains($"{newest.SizeBytes} bytes  {newest.Sha256![..12]}  sha256 from model_list.json  features: float32[-1,3] -> prediction: float32[-1,1]", lines[1]);
    }

    [Fact]
    public async Task Unpinning_follows_the_newest_version_again()
    {
        var store = await StoreWithVersionsAsync(3);
        await store.RunAsync("pin", "--model", "iris_model", "--version", "1", "--reason", "incident");

        var result = await store.RunAsync("unpin", "--model", "iris_model");

        Assert.Equal(0, result.ExitCode);
        var desired = (await store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris_model");
        Assert.Equal(("3", false), (desired!.Version, desired.Pinned));
    }

    [Fact]
    public async Task Rollback_goes_back_to_the_previous_version_and_pins_it()
    {
        var store = await StoreWithVersionsAsync(3);

        var result = await store.RunAsync("rollback", "--model", "iris_model", "--reason", "v3 answers nonsense");

        Assert.Equal("iris_model rolled back to version 2 and pinned there: v3 answers nonsense", result.Out.Trim());
        var desired = (await store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris_model");
        Assert.Equal(("2", true), (desired!.Version, desired.Pinned));
    }

    [Fact]
    public async Task Rolling_back_a_model_with_one_version_fails_with_a_clear_error()
    {
        var store = await StoreWithVersionsAsync(1);

        var result = await store.RunAsync("rollback", "--model", "iris_model", "--reason", "try");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: iris_model has no earlier version to roll back to from version 1.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Pinning_a_version_that_does_not_exist_fails_naming_the_model_and_version()
    {
        var store = await StoreWithVersionsAsync(1);

        var result = await store.RunAsync("pin", "--model", "iris_model", "--version", "9", "--reason", "typo");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: iris_model has no version 9 in {store.Options.Uri}/.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Audit_lists_publishes_and_cli_changes_newest_first_under_who_made_them()
    {
        var store = await StoreWithVersionsAsync(1);
        await store.RunAsync("rollback", "--model", "iris_model", "--reason", "nothing before 1");
        await store.RunAsync("import", _files.Linear(bias: 2), "--model", "iris_model");
        await store.RunAsync("pin", "--model", "iris_model", "--version", "1", "--reason", "incident 7");

        var result = await store.RunAsync("audit", "--limit", "3");

        var rows = result.Out.TrimEnd().Split('\n').Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["AT (UTC)", "ACTOR", "CHANGE", "MODEL", "FROM", "TO", "OUTCOME", "REASON"], rows[0]);
        var cli = $"cli:{Environment.UserName}";
        Assert.Equal(
            [
                [cli, "pin", "iris_model", "2", "1", "applied", "incident 7"],
                [Environment.UserName, "publish", "iris_model", "1", "2", "applied", "published version 2"],
                [cli, "rollback", "iris_model", "1", "-", "refused: iris_model has no earlier version to roll back to from version 1.", "nothing before 1"],
            ],
            rows[1..].Select(r => r[1..]));
    }

    public void Dispose() => _files.Dispose();

    private async Task<TestStore> StoreWithVersionsAsync(int count)
    {
        var store = TestStore.InS3(s3rver.Server);
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(0, (await store.RunAsync("import", _files.Linear(bias: i), "--model", "iris_model")).ExitCode);
        }

        return store;
    }
}
