using Hotswap.Contracts.Models;
using Hotswap.Publisher.Tests.Support;
using Hotswap.Registry.Versions;
using Hotswap.Testing;

namespace Hotswap.Publisher.Tests.Commands;

public sealed class ImportCommandTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly OnnxFiles _files = new();

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public async Task A_file_onnx_runtime_cannot_load_is_refused_and_the_store_is_left_unchanged(string damage)
    {
        var store = TestStore.InS3(s3rver.Server);
        await store.RunAsync("import", _files.Linear(), "--model", "iris_model");
        var before = await store.SnapshotAsync();
        var valid = File.ReadAllBytes(_files.OfSize(64 * 1024));
        var path = _files.Write(damage == "garbage" ? [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))] : valid[..(valid.Length / 2)]);

        var result = await store.RunAsync("import", path, "--model", "iris_model");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: {path} is not a model ONNX Runtime can load: ", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Out);
        Assert.Equal(before, await store.SnapshotAsync());
    }

    [Fact]
    public async Task An_imported_onnx_file_downloads_byte_exact()
    {
        var store = TestStore.InS3(s3rver.Server);
        var path = _files.OfSize(3 * 1024 * 1024);

        var result = await store.RunAsync("import", path, "--model", "big_model");
        var registry = store.OpenRegistry();
        var version = (await registry.ListVersionsAsync("big_model", TestContext.Current.CancellationToken)).Single();
        var downloaded = Path.Combine(_files.Directory, "downloaded.onnx");
        await registry.DownloadOnnxAsync(version, downloaded, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(downloaded));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), version.Sha256);
    }

    [Fact]
    public async Task An_upload_reports_its_progress_on_stderr()
    {
        var store = TestStore.InS3(s3rver.Server);

        var result = await store.RunAsync("import", _files.OfSize(1024 * 1024), "--model", "big_model");

        Assert.Equal("uploading model.onnx: 100% of 1 MiB", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task Importing_an_mlflow_model_directory_keeps_its_run_id_signature_and_metrics()
    {
        var store = TestStore.InS3(s3rver.Server);
        var signature = new ModelSignature([new TensorSpec("features", "float32", [-1, 3])], [new TensorSpec("prediction", "float32", [-1, 1])]);
        var directory = MlflowDirectory(signature, """{"inputs": [[1.0, 2.0, 3.0]]}""");

        var result = await store.RunAsync("import", directory, "--model", "mlflow_model");

        Assert.Equal(0, result.ExitCode);
        var registry = store.OpenRegistry();
        var version = (await registry.ListVersionsAsync("mlflow_model", TestContext.Current.CancellationToken)).Single();
        Assert.Equal("0123456789abcdef0123456789abcdef", version.RunId);
        Assert.Equal(signature.ToString(), version.Signature.ToString());
        Assert.Equal(0.25, version.Metrics["rmse"]);
        Assert.Equal("""{"inputs": [[1.0, 2.0, 3.0]]}""", await registry.ReadInputExampleAsync(version, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Importing_an_mlflow_model_directory_without_a_signature_reads_it_from_the_onnx_graph()
    {
        var store = TestStore.InS3(s3rver.Server);
        var directory = MlflowDirectory(ModelSignature.Empty, inputExample: null);

        await store.RunAsync("import", directory, "--model", "mlflow_model");

        var version = (await store.OpenRegistry().ListVersionsAsync("mlflow_model", TestContext.Current.CancellationToken)).Single();
        Assert.Equal("inputs [features: float32[-1,3]] outputs [prediction: float32[-1,1]]", version.Signature.ToString());
        Assert.Equal("0123456789abcdef0123456789abcdef", version.RunId);
    }

    [Fact]
    public async Task Importing_into_an_existing_version_is_refused_and_names_it()
    {
        var store = TestStore.InS3(s3rver.Server);
        await store.RunAsync("import", _files.Linear(), "--model", "iris_model", "--version", "7");

        var result = await store.RunAsync("import", _files.Linear(bias: 2), "--model", "iris_model", "--version", "7");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: iris_model version 7 already exists", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task An_invalid_model_name_is_refused_and_nothing_is_written()
    {
        var store = TestStore.InS3(s3rver.Server);

        var result = await store.RunAsync("import", _files.Linear(), "--model", "../escape");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: '../escape' is not a valid model name", result.ErrorLines[^1]);
        Assert.Empty(await store.SnapshotAsync());
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_refused_with_its_name()
    {
        var store = TestStore.InS3(s3rver.Server);
        var path = Path.Combine(_files.Directory, "missing.onnx");

        var result = await store.RunAsync("import", path, "--model", "iris_model");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"error: {path} does not exist: give an .onnx file or an MLflow model directory."], result.ErrorLines);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>An MLflow model directory as MLflow's onnx flavor writes it, with an MLmodel that has no SHA-256.</summary>
    private string MlflowDirectory(ModelSignature signature, string? inputExample)
    {
        var onnx = _files.Linear();
        var directory = Path.GetDirectoryName(onnx)!;
        var mlModel = new MlModel
        {
            OnnxFile = Path.GetFileName(onnx),
            Signature = signature,
            RunId = "0123456789abcdef0123456789abcdef",
            Metrics = new Dictionary<string, double> { ["rmse"] = 0.25 },
            InputExampleFile = inputExample is null ? null : MlModel.InputExampleFileName,
        };
        File.WriteAllText(Path.Combine(directory, MlModel.FileName), mlModel.ToYaml());
        if (inputExample is not null)
        {
            File.WriteAllText(Path.Combine(directory, MlModel.InputExampleFileName), inputExample);
        }

        return directory;
    }
}
