using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Hotswap.Contracts.Fleet;
using Hotswap.Registry;
using Hotswap.Registry.Versions;
using Hotswap.Testing.Hosts;

namespace Hotswap.AppHost.Tests;

/// <summary>What a newcomer sees after the README's first command, with either store.</summary>
public abstract class LocalSystemTests<TSystem>(TSystem system) : IClassFixture<TSystem>
    where TSystem : LocalSystemFixture
{
    private static readonly TimeSpan SwapTimeout = TimeSpan.FromSeconds(45);
    // A host that started before the dashboard retries with backoff: its next attempt may come tens of seconds later.
    private static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(90);
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

    [Fact]
    public async Task Both_hosts_announce_themselves_to_the_dashboard_which_lists_what_each_serves()
    {
        using (var timeout = new CancellationTokenSource(LocalSystemFixture.StartTimeout))
        {
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(LocalSystemFixture.DashboardName, timeout.Token);
        }

        // The fleet as JSON text, so a timeout shows what the dashboard last listed.
        var json = await Eventually.ReturnsAsync(
            FleetJsonAsync,
            text => LocalSystemFixture.HostNames.All(name => Fleet(text).Hosts.Any(h => h.HostId == name && h.Connected && h.Models.Any(m => m.Model == "iris_model" && m.ServedVersion is not null))),
            "both hosts connected to the dashboard and serving iris_model in GET /api/fleet",
            AnnounceTimeout);

        Assert.All(LocalSystemFixture.HostNames, name => Assert.Equal("announced", Fleet(json).Hosts.Single(h => h.HostId == name).Source));
    }

    private static FleetView Fleet(string json) => JsonSerializer.Deserialize<FleetView>(json, Json.Options)!;

    private async Task<string> FleetJsonAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(system.App.GetEndpoint(LocalSystemFixture.DashboardName, "http"), FleetPaths.Fleet));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LocalSystemFixture.ApiToken);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {FleetPaths.Fleet} answered {(int)response.StatusCode}: {body}");
        return body;
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
