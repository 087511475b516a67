using System.Net.Http.Headers;
using Hotswap.Registry.Mlflow;
using Hotswap.Testing;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Registry.Tests.Mlflow;

/// <summary>The registry client against the MLflow stand-in, which answers with MLflow's own JSON.</summary>
public sealed class MlflowRegistryClientTests : IAsyncLifetime
{
    private const string Token = "mlflow-tests-token";
    private MlflowStandIn _mlflow = null!;
    private MlflowRegistryClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _mlflow = await MlflowStandIn.StartAsync(requiredAuthorization: $"Bearer {Token}");
        _client = Client(_mlflow.Address);
    }

    public async ValueTask DisposeAsync() => await _mlflow.DisposeAsync();

    [Fact]
    public async Task An_alias_resolves_to_the_version_it_points_at_and_follows_it_when_it_moves()
    {
        _mlflow.Registry.CreateVersion("iris", "mlflow-artifacts:/1/models/m-1/artifacts");
        _mlflow.Registry.CreateVersion("iris", "mlflow-artifacts:/1/models/m-2/artifacts");
        _mlflow.Registry.SetAlias("iris", "champion", "1");
        var before = await _client.ResolveAsync(MlflowModelUri.Parse("models:/iris@champion"), TestContext.Current.CancellationToken);

        _mlflow.Registry.SetAlias("iris", "champion", "2");

        var after = await _client.ResolveAsync(MlflowModelUri.Parse("models:/iris@champion"), TestContext.Current.CancellationToken);
        Assert.Equal(("1", "2"), (before.Version, after.Version));
        Assert.Equal(("mlflow-artifacts:/1/models/m-2/artifacts", true), (after.Source, after.IsReady));
        Assert.Equal(["champion"], after.Aliases);
    }

    [Fact]
    public async Task Latest_resolves_to_the_highest_version()
    {
        foreach (var n in Enumerable.Range(1, 3))
        {
            _mlflow.Registry.CreateVersion("iris", $"s3://mlflow/1/{n}/artifacts/model");
        }

        var latest = await _client.ResolveAsync(MlflowModelUri.Parse("models:/iris/latest"), TestContext.Current.CancellationToken);

        Assert.Equal("3", latest.Version);
    }

    [Fact]
    public async Task A_version_still_registering_is_not_ready()
    {
        var pending = _mlflow.Registry.CreateVersion("iris", "s3://mlflow/1/abc/artifacts/model", status: "PENDING_REGISTRATION");

        var version = await _client.GetVersionAsync("iris", pending.Version, TestContext.Current.CancellationToken);

        Assert.Equal(("PENDING_REGISTRATION", false), (version.Status, version.IsReady));
    }

    [Fact]
    public async Task A_runs_source_is_found_under_the_runs_artifact_uri()
    {
        _mlflow.Registry.AddRun("7e224b4b743f4f848ec34ae09cc66ac2", "mlflow-artifacts:/1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts");
        var registered = _mlflow.Registry.CreateVersion("iris", "runs:/7e224b4b743f4f848ec34ae09cc66ac2/iris_regression_model", runId: "7e224b4b743f4f848ec34ae09cc66ac2");
        var version = await _client.GetVersionAsync("iris", registered.Version, TestContext.Current.CancellationToken);

        var location = await _client.ArtifactLocationAsync(version, TestContext.Current.CancellationToken);

        Assert.Equal("mlflow-artifacts:/1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model", location);
    }

    [Fact]
    public async Task A_logged_model_source_of_MLflow_3_is_found_under_the_logged_models_artifact_uri()
    {
        _mlflow.Registry.AddLoggedModel("m-0a1b2c3d", "mlflow-artifacts:/1/models/m-0a1b2c3d/artifacts");
        var registered = _mlflow.Registry.CreateVersion("iris", "models:/m-0a1b2c3d", modelId: "m-0a1b2c3d");
        var version = await _client.GetVersionAsync("iris", registered.Version, TestContext.Current.CancellationToken);

        var location = await _client.ArtifactLocationAsync(version, TestContext.Current.CancellationToken);

        Assert.Equal("mlflow-artifacts:/1/models/m-0a1b2c3d/artifacts", location);
    }

    [Fact]
    public async Task A_missing_alias_is_reported_with_MLflows_error_code_and_message()
    {
        _mlflow.Registry.CreateVersion("iris", "s3://mlflow/1/abc/artifacts/model");

        var error = await Assert.ThrowsAsync<MlflowRequestException>(() => _client.ResolveAsync(MlflowModelUri.Parse("models:/iris@champion"), TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Contains("the alias @champion of 'iris'", error.Message, StringComparison.Ordinal);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST (Registered model alias champion not found.)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tracking_server_that_is_unavailable_is_reported_with_its_status()
    {
        _mlflow.Unavailable = true;

        var error = await Assert.ThrowsAsync<MlflowRequestException>(() => _client.GetRegisteredModelAsync("iris", TestContext.Current.CancellationToken));

        Assert.Contains("answered 503 for the registered model 'iris': TEMPORARILY_UNAVAILABLE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tracking_server_that_cannot_be_reached_is_reported_as_such()
    {
        var nobody = Client(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var error = await Assert.ThrowsAsync<MlflowRequestException>(() => nobody.GetRegisteredModelAsync("iris", TestContext.Current.CancellationToken));

        Assert.Contains("could not be reached for the registered model 'iris'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_the_token_are_refused_by_the_tracking_server()
    {
        using var http = new HttpClient { BaseAddress = _mlflow.Address };

        var error = await Assert.ThrowsAsync<MlflowRequestException>(() => new MlflowRegistryClient(http).GetRegisteredModelAsync("iris", TestContext.Current.CancellationToken));

        Assert.Contains("answered 401", error.Message, StringComparison.Ordinal);
    }

    private static MlflowRegistryClient Client(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new MlflowRegistryClient(http);
    }
}
