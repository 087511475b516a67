using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// Real models someone else trained and exported (Silero VAD, openWakeWord), published as their ONNX files are, with the
/// signature the graph declares and no input example: each serves, answers correct inputs with the documented shapes,
/// and swaps under load.
/// </summary>
public sealed class ThirdPartyModelTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const int SampleRate = 16_000;
    private const string Vad = "silero_vad";

    [Fact]
    public async Task Silero_VAD_v4_answers_a_speech_probability_and_its_next_state()
    {
        await using var served = await ServeAsync(Vad, NpmModels.SileroLegacy);

        var predictions = await InvokeAsync(served.Host, Vad, SileroLegacyBody());

        AssertProbability(predictions.GetProperty("output"));
        Assert.Equal([2, 1, 64], Shape(predictions.GetProperty("hn")));
        Assert.Equal([2, 1, 64], Shape(predictions.GetProperty("cn")));
        Assert.Equal("generated inputs (free dimensions 512)", served.Status.Validation);
    }

    [Fact]
    public async Task Silero_VAD_v5_answers_a_speech_probability_and_its_next_state()
    {
        await using var served = await ServeAsync(Vad, NpmModels.SileroV5);

        var predictions = await InvokeAsync(served.Host, Vad, SileroV5Body());

        AssertProbability(predictions.GetProperty("output"));
        Assert.Equal([2, 1, 128], Shape(predictions.GetProperty("stateN")));
        Assert.StartsWith("none (generated inputs failed: ", served.Status.Validation);
        Assert.Contains("Pad reflect requires axis length >= 2", served.Status.Validation);
    }

    [Fact]
    public async Task OpenWakeWord_melspectrogram_turns_1280_samples_into_mel_frames_of_32_bands()
    {
        await using var served = await ServeAsync("melspectrogram", NpmModels.Melspectrogram);

        var predictions = await InvokeAsync(served.Host, "melspectrogram", Body(("input", new[] { Sine(1280) })));

        Assert.Equal([1, 1, 5, 32], Shape(predictions));
        Assert.Equal("generated inputs (free dimensions 512)", served.Status.Validation);
    }

    [Fact]
    public async Task OpenWakeWord_embedding_turns_76_mel_frames_into_one_96_value_embedding()
    {
        await using var served = await ServeAsync("wakeword_embedding", NpmModels.Embedding);

        var frames = new[] { Enumerable.Range(0, 76).Select(_ => Enumerable.Range(0, 32).Select(_ => new[] { 1f }).ToArray()).ToArray() };
        var predictions = await InvokeAsync(served.Host, "wakeword_embedding", Body(("input_1", frames)));

        Assert.Equal([1, 1, 1, 96], Shape(predictions));
        Assert.Equal("generated inputs (free dimensions 1)", served.Status.Validation);
    }

    [Fact]
    public async Task OpenWakeWord_hey_jarvis_turns_16_embeddings_into_a_wake_word_probability()
    {
        await using var served = await ServeAsync("hey_jarvis", NpmModels.HeyJarvis);

        var predictions = await InvokeAsync(served.Host, "hey_jarvis", Body(("x.1", Zeros(1, 16, 96))));

        AssertProbability(predictions);
        Assert.Equal("generated inputs", served.Status.Validation);
    }

    [Fact]
    public async Task Swapping_Silero_VAD_v5_for_v6_under_prediction_load_fails_no_request()
    {
        await using var served = await ServeAsync(Vad, NpmModels.SileroV5);
        await using var hub = await HubRecorder.ConnectAsync(served.Host);
        await using var load = PredictionLoad.StartInvocations(served.Host, Vad, SileroV5Body());

        await served.Store.PublishOnnxFileAsync(NpmModels.SileroV6, Vad, "2");
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2", TimeSpan.FromSeconds(60));
        await Eventually.ReturnsAsync(() => Task.FromResult(load.Versions.GetValueOrDefault("2")), n => n >= 20, "version 2 to answer under load");
        await load.StopAsync();

        Assert.Empty(load.Failures);
        Assert.True(load.Versions.GetValueOrDefault("1") > 0, load.ToString());
    }

    private async Task<Served> ServeAsync(string model, string onnxFile)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishOnnxFileAsync(onnxFile, model, "1");
        var host = await RunningHost.StartAsync(store);
        try
        {
            return new Served(store, host, (await host.WaitUntilServingAsync("1", model))!);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static string SileroLegacyBody() =>
        Body(("input", new[] { Sine(512) }), ("sr", SampleRate), ("h", Zeros(2, 1, 64)), ("c", Zeros(2, 1, 64)));

    private static string SileroV5Body() =>
        Body(("input", new[] { Sine(512) }), ("state", Zeros(2, 1, 128)), ("sr", SampleRate));

    /// <summary>A 440 Hz tone at half scale, sampled at 16 kHz.</summary>
    private static float[] Sine(int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / SampleRate))];

    private static float[][][] Zeros(int a, int b, int c) =>
        [.. Enumerable.Range(0, a).Select(_ => Enumerable.Range(0, b).Select(_ => new float[c]).ToArray())];

    private static string Body(params (string Name, object Value)[] inputs) =>
        JsonSerializer.Serialize(new { inputs = inputs.ToDictionary(i => i.Name, i => i.Value) });

    private static async Task<JsonElement> InvokeAsync(RunningHost host, string model, string body)
    {
        using var response = await host.Client.PostAsync($"/models/{model}/invocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("predictions").Clone();
    }

    /// <summary>A [1, 1] output whose one value is a probability.</summary>
    private static void AssertProbability(JsonElement output)
    {
        Assert.Equal([1, 1], Shape(output));
        Assert.InRange(output[0][0].GetSingle(), 0f, 1f);
    }

    private static int[] Shape(JsonElement value)
    {
        var shape = new List<int>();
        for (; value.ValueKind == JsonValueKind.Array; value = value[0])
        {
            shape.Add(value.GetArrayLength());
        }

        return [.. shape];
    }

    private sealed record Served(ModelStoreScenario Store, RunningHost Host, ModelStatus Status) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
