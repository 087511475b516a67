using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

public sealed class PublishTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Published_versions_are_listed_newest_first(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.PublishAsync("iris", "3");

        var versions = await store.Registry.ListVersionsAsync("iris", Ct);

        Assert.Equal(["3", "2", "1"], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Numeric_versions_are_ordered_as_numbers_not_as_text()
    {
        await using var store = TestStore.Local();
        await store.PublishAsync("iris", "9");
        await store.PublishAsync("iris", "10");
        await store.PublishAsync("iris", "2");

        var versions = await store.Registry.ListVersionsAsync("iris", Ct);

        Assert.Equal(["10", "9", "2"], versions.Select(v => v.Version));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_listed_version_carries_its_signature_size_creation_time_checksum_run_and_metrics(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        store.Time.Advance(TimeSpan.FromMinutes(5));
        var onnx = TestModels.LinearOnnx(2f);
        await store.Registry.PublishAsync(
            TestModels.Request(store, "iris", "2", onnx) with
            {
                RunId = "0c3f6a1be2d94c5f8a7b6e5d4c3b2a19",
                Metrics = new Dictionary<string, double> { ["r2"] = 0.9625, ["rmse"] = 0.31 },
                Source = "notebooks/iris.ipynb",
            },
            Ct);

        var listed = (await store.Registry.ListVersionsAsync("iris", Ct))[0];

        Assert.Equal("2", listed.Version);
        Assert.Equal(TestModels.LinearSignature.ToString(), listed.Signature.ToString());
        Assert.Equal(onnx.Length, listed.SizeBytes);
        Assert.Equal(TestStore.Start.AddMinutes(5), listed.CreatedAt);
        Assert.Equal(TestModels.Sha256(onnx), listed.Sha256);
        Assert.Equal("0c3f6a1be2d94c5f8a7b6e5d4c3b2a19", listed.RunId);
        Assert.Equal(new Dictionary<string, double> { ["r2"] = 0.9625, ["rmse"] = 0.31 }, listed.Metrics);
        Assert.Equal("notebooks/iris.ipynb", listed.Source);
        Assert.Equal("model.onnx", listed.OnnxFile);
        Assert.Equal(store.Location.UriOf($"{store.Location.Prefix}iris/2"), listed.Location);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_version_is_stored_as_an_MLflow_model_directory(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);

        await store.PublishAsync("iris", "1");

        var prefix = store.Location.Prefix;
        Assert.Equal([$"{prefix}iris/1/MLmodel", $"{prefix}iris/1/model.onnx", $"{prefix}model_list.json"], await store.KeysAsync());
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Each_publish_advances_the_desired_state_to_the_new_version(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var desired = new List<string?>();

        foreach (var version in new[] { "1", "2", "3" })
        {
            var result = await store.PublishAsync("iris", version);
            Assert.True(result.DesiredStateAdvanced);
            Assert.Null(result.HeldAt);
            desired.Add((await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")?.Version);
        }

        Assert.Equal(["1", "2", "3"], desired);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task The_desired_state_history_records_the_earlier_versions_oldest_first(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.PublishAsync("iris", "3");

        var entry = (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris");

        Assert.Equal(["1", "2"], entry?.History);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Publishing_an_existing_version_fails_clearly_and_keeps_the_original(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var original = (await store.PublishAsync("iris", "1")).Version;
        var keysBefore = await store.KeysAsync();
        var onnxBefore = await store.ReadAsync($"{store.Location.Prefix}iris/1/model.onnx");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", TestModels.LinearOnnx(99f)), Ct));

        Assert.StartsWith("iris version 1 already exists in ", error.Message);
        Assert.EndsWith("versions are immutable.", error.Message);
        Assert.Equal(onnxBefore, await store.ReadAsync($"{store.Location.Prefix}iris/1/model.onnx"));
        Assert.Equal(keysBefore, await store.KeysAsync());
        Assert.Equal(original.Sha256, (await store.Registry.GetVersionAsync("iris", "1", Ct))?.Sha256);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_publish_without_a_version_takes_the_number_after_the_newest(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "7");

        var result = await store.Registry.PublishAsync(TestModels.Request(store, "iris", null, TestModels.LinearOnnx(8f)), Ct);

        Assert.Equal("8", result.Version.Version);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task An_input_example_is_stored_with_the_version_and_read_back(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        const string example = """{"inputs": {"features": [[5.1, 3.5, 1.4]]}}""";
        await store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", TestModels.LinearOnnx(1f)) with { InputExampleJson = example }, Ct);

        var version = (await store.Registry.ListVersionsAsync("iris", Ct))[0];

        Assert.True(version.HasInputExample);
        Assert.Equal(example, await store.Registry.ReadInputExampleAsync(version, Ct));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Models_with_versions_and_models_only_in_the_desired_state_are_listed(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("wine", "1");
        await store.Registry.DesiredState.UpdateAsync(d => d.With("cars", new Hotswap.Registry.DesiredState.ModelEntry { Version = "3" }), Ct);

        var models = await store.Registry.ListModelsAsync(Ct);

        Assert.Equal(["cars", "iris", "wine"], models);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Upload_progress_reaches_the_size_of_the_ONNX_file(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var onnx = TestModels.LinearOnnx(1f);
        long last = 0;
        var progress = new SynchronousProgress(bytes => Interlocked.Exchange(ref last, bytes));

        await store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", onnx) with { UploadProgress = progress }, Ct);

        Assert.Equal(onnx.Length, Interlocked.Read(ref last));
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; this reports before the upload returns.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
