using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Registry;
using Hotswap.Registry.Versions;
using Hotswap.Testing.Hosts;

namespace Hotswap.AppHost.Tests;

/// <summary>What a newcomer sees after the README's first command, with either store.</summary>
public abstract class LocalSystemTests<TSystem>(TSystem system) : IClassFixture<TSystem>
    where TSystem : LocalSystemFixture
{
    private static readonly TimeSpan SwapTimeout = TimeSpan.FromSeconds(45);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Both_hosts_answer_the_seed_clients_request_with_a_version_of_iris_model()
    {
        foreach (var host in system.Hosts)
        {
            using var response = await _http.PostAsJsonAsync(new Uri(host, "/predict"), new { data = new[] { new[] { 5.1f, 3.5f, 0.2f } }, model = "iris_model" });

            Assert.True(response.IsSuccessStatusCode, $"{host} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.NotEmpty(response.Headers.GetValues("X-Model-Version").Single());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Single(body.GetProperty("prediction").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_version_published_to_the_store_reaches_both_hosts()
    {
        var registry = ModelRegistry.Create(system.Store, TimeProvider.System);
        var served = await registry.GetVersionAsync("iris_model", (await ServedVersionAsync(system.Hosts[0]))!, CancellationToken.None)
            ?? throw new InvalidOperationException("The store lacks the version host 1 serves.");
        var onnx = Path.Combine(Directory.CreateTempSubdirectory("hotswap-apphost-publish-").FullName, "model.onnx");
        await registry.DownloadOnnxAsync(served, onnx, CancellationToken.None);

        // The same bytes and signature as the served version, under the next number: a swap without a training run.
        var published = await registry.PublishAsync(
            new PublishRequest { Model = "iris_model", OnnxFilePath = onnx, Signature = served.Signature, PublishedBy = "AppHost.Tests" },
            CancellationToken.None);

        Assert.True(published.DesiredStateAdvanced);
        await Task.WhenAll(system.Hosts.Select(h => WaitUntilServingAsync(h, published.Version.Version)));
    }

    private async Task<string?> ServedVersionAsync(Uri host)
    {
        var status = await _http.GetFromJsonAsync<JsonElement>(new Uri(host, "/models/iris_model"));
        return status.GetProperty("servedVersion").GetString();
    }

    private Task WaitUntilServingAsync(Uri host, string version) =>
        Eventually.ReturnsAsync(() => ServedVersionAsync(host), served => served == version, $"{host} to serve iris_model version {version}", SwapTimeout);
}

public sealed class WithS3rver(S3rverSystem system) : LocalSystemTests<S3rverSystem>(system);

public sealed class WithLocalDirectory(DirectorySystem system) : LocalSystemTests<DirectorySystem>(system);
