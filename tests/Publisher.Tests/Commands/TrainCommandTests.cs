using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hotswap.Onnx;
using Hotswap.Publisher.Tests.Support;
using Hotswap.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Publisher.Tests.Commands;

public sealed partial class TrainCommandTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly OnnxFiles _files = new();

    [Theory]
    [InlineData(TestStore.Kind.S3)]
    [InlineData(TestStore.Kind.Directory)]
    public async Task Training_three_times_publishes_versions_1_2_3_each_with_the_iris_signature_and_metrics(TestStore.Kind kind)
    {
        var store = NewStore(kind);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await store.RunAsync("train", "--model", "iris_model")).ExitCode);
        }

        var versions = await store.OpenRegistry().ListVersionsAsync("iris_model", TestContext.Current.CancellationToken);
        Assert.Equal(["3", "2", "1"], versions.Select(v => v.Version));
        Assert.All(versions, v =>
        {
            Assert.Equal(["features: float32[-1,3]"], v.Signature.Inputs.Select(s => s.ToString()));
            Assert.Equal([[-1L, 1L]], v.Signature.Outputs.Select(s => s.Shape));
            Assert.Equal(["mse", "r2"], v.Metrics.Keys.Order());
            Assert.Matches("^[0-9a-f]{32}$", v.RunId);
        });
    }

    [Fact]
    public async Task Versions_trained_with_default_seeds_are_different_models()
    {
        var store = NewStore(TestStore.Kind.S3);

        for (var i = 0; i < 3; i++)
        {
            await store.RunAsync("train", "--model", "iris_model");
        }

        var versions = await store.OpenRegistry().ListVersionsAsync("iris_model", TestContext.Current.CancellationToken);
        Assert.Equal(3, versions.Select(v => v.Sha256).Distinct().Count());
    }

    [Fact]
    public async Task Training_reports_a_small_validation_error_and_records_it_as_the_versions_metrics()
    {
        var store = NewStore(TestStore.Kind.S3);

        var result = await store.RunAsync("train", "--model", "iris_model");

        var reported = ValidationLine().Match(result.Out);
        Assert.True(reported.Success, result.Out);
        var mse = double.Parse(reported.Groups["mse"].Value, CultureInfo.InvariantCulture);
        var r2 = double.Parse(reported.Groups["r2"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(mse, 0, 0.3);
        Assert.InRange(r2, 0.9, 1);
        var version = (await store.OpenRegistry().ListVersionsAsync("iris_model", TestContext.Current.CancellationToken)).Single();
        Assert.Equal(mse, version.Metrics["mse"], 5);
        Assert.Equal(r2, version.Metrics["r2"], 5);
    }

    [Fact]
    public async Task A_newer_version_advances_the_desired_state_unless_a_pin_holds_it()
    {
        var store = NewStore(TestStore.Kind.S3);
        for (var i = 0; i < 3; i++)
        {
            await store.RunAsync("train", "--model", "iris_model");
        }

        await store.RunAsync("pin", "--model", "iris_model", "--version", "1", "--reason", "v2 regressed");
        var fourth = await store.RunAsync("train", "--model", "iris_model");

        Assert.Equal(0, fourth.ExitCode);
        Assert.Contains("desired state: held at version 1 by a pin", fourth.Out);
        var desired = (await store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris_model");
        Assert.Equal(("1", true), (desired!.Version, desired.Pinned));
        Assert.Equal("4", (await store.OpenRegistry().ListVersionsAsync("iris_model", TestContext.Current.CancellationToken))[0].Version);
    }

    [Fact]
    public async Task Each_new_version_moves_the_desired_state_to_it()
    {
        var store = NewStore(TestStore.Kind.S3);

        await store.RunAsync("train", "--model", "iris_model");
        var second = await store.RunAsync("train", "--model", "iris_model");

        Assert.Contains("desired state: advanced to version 2", second.Out);
        var desired = (await store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris_model");
        Assert.Equal(("2", false), (desired!.Version, desired.Pinned));
    }

    [Fact]
    public async Task A_trained_version_downloads_byte_exact_and_answers_its_input_example()
    {
        var store = NewStore(TestStore.Kind.S3);
        await store.RunAsync("train", "--model", "iris_model");
        var registry = store.OpenRegistry();
        var version = (await registry.ListVersionsAsync("iris_model", TestContext.Current.CancellationToken)).Single();
        var path = Path.Combine(_files.Directory, "downloaded.onnx");

        await registry.DownloadOnnxAsync(version, path, TestContext.Current.CancellationToken);
        var example = await registry.ReadInputExampleAsync(version, TestContext.Current.CancellationToken);

        Assert.Equal(version.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
        using var document = JsonDocument.Parse(example!);
        var row = document.RootElement.GetProperty("inputs")[0].EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var session = OnnxModelLoader.Load(path, "downloaded iris_model version 1");
        using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        using var outputs = session.Run(new RunOptions(), ["features"], [input], session.OutputNames);
        Assert.InRange(outputs[0].GetTensorDataAsSpan<float>()[0], 0.5f, 3f); // a setosa's petal is about 1.4 cm long
    }

    [Fact]
    public async Task Training_an_existing_version_is_refused_and_names_it()
    {
        var store = NewStore(TestStore.Kind.S3);
        await store.RunAsync("train", "--model", "iris_model");

        var again = await store.RunAsync("train", "--model", "iris_model", "--version", "1");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: iris_model version 1 already exists", again.ErrorLines[^1]);
    }

    public void Dispose() => _files.Dispose();

    private TestStore NewStore(TestStore.Kind kind) => TestStore.Create(kind, s3rver.Server, _files.Directory);

    [GeneratedRegex(@"validation: mse=(?<mse>\S+) r2=(?<r2>\S+)")]
    private static partial Regex ValidationLine();
}
