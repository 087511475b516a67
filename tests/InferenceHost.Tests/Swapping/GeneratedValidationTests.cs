using System.Net.Http.Json;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// How a version is validated before it takes traffic: its input example must pass; without one, generated inputs are
/// tried, and a version none of them passes serves with a warning (or is refused under Swap:RequireValidation).
/// </summary>
public sealed class GeneratedValidationTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    /// <summary>
    /// Answers <c>MaxValue × (x1 + x2 + x3)</c>: infinite for any row of ones (so every generated input fails validation),
    /// finite for small real inputs.
    /// </summary>
    private static readonly GeneratedModel OverflowsOnOnes = GeneratedModel.Linear([float.MaxValue, float.MaxValue, float.MaxValue], 0);

    [Fact]
    public async Task A_version_without_an_input_example_is_validated_by_generated_inputs()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        var status = await serving.Host.WaitUntilServingAsync("1");

        Assert.Equal("generated inputs (free dimensions 1)", status!.Validation);
    }

    [Fact]
    public async Task A_version_that_every_generated_input_fails_serves_with_a_warning_in_status_hub_and_log()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        var logs = new LogCapture();
        await using var host = await RunningHost.StartAsync(store, logs: logs);
        await host.WaitUntilServingAsync("1");
        await using var hub = await HubRecorder.ConnectAsync(host);

        await store.PublishAsync(OverflowsOnOnes, Model, "2");
        var warning = await hub.WaitForAsync<ValidationWarning>(e => e.Version == "2");
        var status = await host.WaitUntilServingAsync("2");
        var response = await host.Client.PostAsJsonAsync("/invocations", new { inputs = new[] { new[] { 1e-30f, 0f, 0f } } });

        Assert.Equal("generated inputs failed: output 'prediction' is NaN or infinite", warning.Reason);
        Assert.Equal($"none ({warning.Reason})", status!.Validation);
        Assert.Contains(logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains($"{Model} version 2 serves unvalidated", StringComparison.Ordinal));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Under_RequireValidation_a_version_that_every_generated_input_fails_is_refused_and_the_served_one_stays()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:RequireValidation"] = "true" });

        await serving.Store.PublishAsync(OverflowsOnOnes, Model, "2");
        var failed = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");
        var status = await serving.Host.Client.GetFromJsonAsync<ModelStatus>($"/models/{Model}", Json.Options);

        Assert.Contains("has no input example and generated inputs failed: output 'prediction' is NaN or infinite", failed.Reason);
        Assert.Contains("Swap:RequireValidation", failed.Reason);
        Assert.Equal("1", status!.ServedVersion);
        Assert.DoesNotContain(serving.Hub.Events, e => e is ValidationWarning);
    }

    [Fact]
    public async Task A_version_whose_input_example_fails_is_refused_even_without_RequireValidation()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        await serving.Store.PublishAsync(OverflowsOnOnes, Model, "2", inputExample: """{"inputs": [[1, 1, 1]]}""");
        var failed = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");

        Assert.Equal($"{Model} version 2 fails on its input example: output 'prediction' is NaN or infinite", failed.Reason);
    }

    [Fact]
    public async Task A_version_whose_input_example_passes_is_validated_by_it_though_generated_inputs_would_fail()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        await serving.Store.PublishAsync(OverflowsOnOnes, Model, "2", inputExample: """{"inputs": [[1e-30, 0, 0]]}""");
        var status = await serving.Host.WaitUntilServingAsync("2");

        Assert.Equal("input example", status!.Validation);
        Assert.DoesNotContain(serving.Hub.Events, e => e is ValidationWarning);
    }
}
