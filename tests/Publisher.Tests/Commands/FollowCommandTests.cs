using System.Text;
using Hotswap.Publisher.Tests.Support;
using Hotswap.Testing;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Publisher.Tests.Commands;

/// <summary>follow and unfollow against the MLflow stand-in, whose artifact store is the CLI's MLflow:ArtifactsDestination.</summary>
public sealed class FollowCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotswap-follow-cli-").FullName;
    private MlflowStandIn _mlflow = null!;
    private TestStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _mlflow = await MlflowStandIn.StartAsync();
        _store = TestStore.InDirectory(Path.Combine(_directory, "store"))
            .WithConfiguration("MLflow:TrackingUri", _mlflow.Address.ToString())
            .WithConfiguration("MLflow:ArtifactsDestination", _mlflow.ArtifactsRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await _mlflow.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Follow_moves_the_model_to_where_the_alias_points_and_records_what_it_follows()
    {
        Register(1);
        Register(2);
        _mlflow.Registry.SetAlias("iris-mlflow", "champion", "2");

        var result = await _store.RunAsync("follow", "--model", "iris", "models:/iris-mlflow@champion", "--reason", "serve the champion");

        Assert.Equal((0, "iris follows models:/iris-mlflow@champion: version 2 at mlflow-artifacts:/1/models/m-2/artifacts\n"), (result.ExitCode, result.Out));
        var entry = (await _store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris")!;
        Assert.Equal(("2", "models:/iris-mlflow@champion", "serve the champion"), (entry.Version, entry.Follow, entry.Reason));
    }

    [Fact]
    public async Task Follow_refuses_an_alias_on_a_version_still_registering()
    {
        Register(1, status: "PENDING_REGISTRATION");
        _mlflow.Registry.SetAlias("iris-mlflow", "champion", "1");

        var result = await _store.RunAsync("follow", "--model", "iris", "models:/iris-mlflow@champion");

        Assert.Equal((1, "error: models:/iris-mlflow@champion points at version 1, which MLflow reports PENDING_REGISTRATION: follow it once it is READY.\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public async Task Follow_without_a_tracking_server_says_how_to_name_one()
    {
        var result = await _store.WithConfiguration("MLflow:TrackingUri", "").RunAsync("follow", "--model", "iris", "models:/iris-mlflow@champion");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set MLflow__TrackingUri", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unfollow_keeps_the_version_and_stops_following()
    {
        Register(1);
        _mlflow.Registry.SetAlias("iris-mlflow", "champion", "1");
        await _store.RunAsync("follow", "--model", "iris", "models:/iris-mlflow@champion");

        var result = await _store.RunAsync("unfollow", "--model", "iris");

        Assert.Equal((0, "iris no longer follows MLflow's registry; it stays on version 1\n"), (result.ExitCode, result.Out));
        var entry = (await _store.OpenRegistry().DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris")!;
        Assert.Equal(("1", null), (entry.Version, entry.Follow));
    }

    private void Register(int n, string status = "READY")
    {
        var source = _mlflow.WriteArtifacts($"1/models/m-{n}/artifacts", new Dictionary<string, byte[]>
        {
            ["MLmodel"] = Encoding.UTF8.GetBytes(MlflowFixtures.MlModel2x),
            ["model.onnx"] = Encoding.UTF8.GetBytes($"version {n}"),
        });
        _mlflow.Registry.CreateVersion("iris-mlflow", source, status: status);
    }
}
