using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotswap.Contracts.Predict;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// Files a hostile or careless writer leaves in the store, fed to the host as a process of its own (a stack overflow
/// stops a process whatever catches it, so an in-process host would take the test runner down with it): version 2's
/// MLmodel made to exhaust the parser, or a model_list.json too large to read. The host keeps serving version 1, says
/// why version 2 is not served, and keeps predicting.
/// </summary>
public sealed class StoreBombTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    public static TheoryData<string> MlModels => [.. HostileMlModels.All.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(MlModels))]
    public async Task A_hostile_MLmodel_leaves_the_host_serving_the_previous_version_and_saying_why(string name)
    {
        var (_, mlModel, problem) = HostileMlModels.Named(name);
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await InferenceHostProcess.StartAsync(store);
        await host.WaitUntilServingAsync("1");

        await WriteAsync(store, $"{store.Prefix}/{Model}/2/{Registry.Versions.MlModel.FileName}", mlModel);
        await store.WriteManifestAsync(Encoding.UTF8.GetString(DesiredStateDocument.Empty.With(Model, new ModelEntry { Version = "2" }).ToJson()));
        var status = await Eventually.ReturnsAsync(
            () => host.ModelStatusAsync(),
            s => s?.LastError?.Contains($"{Model} version 2", StringComparison.Ordinal) == true,
            "the host to report why version 2 is not served",
            TimeSpan.FromSeconds(60));

        Assert.Equal("1", status!.ServedVersion);
        Assert.Contains(problem, status.LastError);
        await AssertPredictsWithVersion1Async(host);
    }

    [Fact]
    public async Task A_model_list_too_large_to_read_leaves_the_host_serving()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await InferenceHostProcess.StartAsync(store);
        await host.WaitUntilServingAsync("1");

        var manifest = Encoding.UTF8.GetString(DesiredStateDocument.Empty.With(Model, new ModelEntry { Version = "1" }).ToJson());
        await store.WriteManifestAsync(manifest + new string(' ', IObjectStore.MaxReadBytes));
        await Eventually.ReturnsAsync(
            () => host.ModelStatusAsync(),
            s => s?.LastError?.Contains("model_list.json", StringComparison.Ordinal) == true,
            "the host to report the manifest it cannot read",
            TimeSpan.FromSeconds(60));

        await AssertPredictsWithVersion1Async(host);
    }

    private static async Task AssertPredictsWithVersion1Async(InferenceHostProcess host)
    {
        var response = await host.Client.PostAsJsonAsync("/predict", new { data = new[] { new[] { 1f, 2f, 3f } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
    }

    private static async Task WriteAsync(ModelStoreScenario store, string key, string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.Store.WriteAsync(key, content, WriteOptions.Default, CancellationToken.None);
    }
}
