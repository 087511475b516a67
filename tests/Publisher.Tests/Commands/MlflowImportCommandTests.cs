using System.Text;
using Hotswap.Onnx;
using Hotswap.Publisher.Tests.Support;
using Hotswap.Testing;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Publisher.Tests.Commands;

/// <summary>import of a version MLflow names, against the MLflow stand-in: from the artifact store directly, or through MLflow's artifact proxy.</summary>
public sealed class MlflowImportCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotswap-import-cli-").FullName;
    private MlflowStandIn _mlflow = null!;
    private TestStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _mlflow = await MlflowStandIn.StartAsync();
        _store = TestStore.InDirectory(Path.Combine(_directory, "store")).WithConfiguration("MLflow:TrackingUri", _mlflow.Address.ToString());
        var source = _mlflow.WriteArtifacts("1/models/m-7/artifacts", new Dictionary<string, byte[]>
        {
            ["MLmodel"] = Encoding.UTF8.GetBytes(MlflowFixtures.MlModel2x),
            ["model.onnx"] = GeneratedModel.Linear([1f, 2f, 3f], 7f).ToOnnx(),
        });
        _mlflow.Registry.CreateVersion("iris-mlflow", source, runId: "7e224b4b743f4f848ec34ae09cc66ac2");
        _mlflow.Registry.SetAlias("iris-mlflow", "champion", "1");
    }

    public async ValueTask DisposeAsync()
    {
        await _mlflow.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task An_alias_is_imported_through_MLflows_artifact_proxy_when_its_store_is_out_of_reach()
    {
        var result = await _store.RunAsync("import", "models:/iris-mlflow@champion", "--model", "iris");

        Assert.Equal(0, result.ExitCode);
        var version = (await _store.OpenRegistry().ListVersionsAsync("iris", TestContext.Current.CancellationToken)).Single();
        Assert.Equal(("1", "7e224b4b743f4f848ec34ae09cc66ac2"), (version.Version, version.RunId));
        Assert.Contains(_mlflow.Requests, r => r.StartsWith("/api/2.0/mlflow-artifacts/artifacts/1/models/m-7/artifacts/model.onnx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alias_is_imported_straight_from_the_artifact_store_when_it_is_in_reach()
    {
        var result = await _store.WithConfiguration("MLflow:ArtifactsDestination", _mlflow.ArtifactsRoot).RunAsync("import", "models:/iris-mlflow@champion", "--model", "iris");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(await _store.OpenRegistry().ListVersionsAsync("iris", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(_mlflow.Requests, r => r.StartsWith("/api/2.0/mlflow-artifacts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_runs_uri_is_imported_from_the_runs_artifacts()
    {
        _mlflow.Registry.AddRun("7e224b4b743f4f848ec34ae09cc66ac2", "mlflow-artifacts:/1/models/m-7");

        var result = await _store.RunAsync("import", "runs:/7e224b4b743f4f848ec34ae09cc66ac2/artifacts", "--model", "iris");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("7e224b4b743f4f848ec34ae09cc66ac2", (await _store.OpenRegistry().ListVersionsAsync("iris", TestContext.Current.CancellationToken)).Single().RunId);
    }
}
