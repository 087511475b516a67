using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>A version ready to publish, and how long each phase took to get it there.</summary>
public sealed record LoadedVersion(ServedModel Model, SwapDurations Durations);

/// <summary>
/// Everything a swap does before the new version takes traffic, all off the request path: resolve the version in the
/// store, download and verify it, create the session, check its signature against what clients send today, run the
/// input example through it and warm it up. Any failure disposes what was built and throws <see cref="SwapException"/>.
/// </summary>
public sealed class ModelLoader(ModelRegistry registry, ModelCache cache, IOptions<SwapOptions> options, IOptions<PredictLimits> limits, TimeProvider time)
{
    public async Task<LoadedVersion> LoadAsync(string model, ModelEntry entry, ModelSignature? servedSignature, bool force, CancellationToken cancellationToken)
    {
        var what = $"{model} version {entry.Version}";
        using var phases = new SwapPhases(time);
        var version = await Guard(what, () => registry.GetVersionAsync(model, entry, cancellationToken))
            ?? throw new SwapException($"{what} is not in the store: no MLmodel at {entry.Path}.");

        var path = await Guard(what, () => cache.GetAsync(version, cancellationToken));

        phases.Next(SwapPhases.Load);
        var session = await Task.Run(() => Guard(what, () => OnnxModelLoader.Load(path, what, prepackWeights: options.Value.PrepackWeights)), cancellationToken);
        phases.Next(SwapPhases.Validate);
        var served = new ServedModel(version, session, OnnxSignature.Read(session), time.GetUtcNow());
        try
        {
            CheckSignature(what, served.Signature, servedSignature, force);
            var example = await ExampleAsync(what, served, cancellationToken);
            using var inputs = await Task.Run(() => Validate(what, served, example), cancellationToken);
            phases.Next(SwapPhases.Warmup);
            await Task.Run(() => WarmUp(served, inputs), cancellationToken);
            return new LoadedVersion(served, phases.Complete());
        }
        catch
        {
            served.Retire();
            throw;
        }
    }

    private static void CheckSignature(string what, ModelSignature signature, ModelSignature? servedSignature, bool force)
    {
        var unsupported = signature.Inputs.FirstOrDefault(i => !TensorBuffer.Supports(i.DType))
            ?? signature.Outputs.FirstOrDefault(o => !PredictionJson.Supports(o.DType));
        if (unsupported is not null)
        {
            throw new SwapException($"{what}: {unsupported} has a type this host cannot serve.");
        }

        if (!force && servedSignature is not null && SignatureCompatibility.Check(servedSignature, signature) is { } problem)
        {
            throw new SwapException($"{what} is incompatible with the served version: {problem}. Pin it with force to swap anyway.");
        }
    }

    /// <summary>The version's input_example.json, or one row of ones shaped like each input.</summary>
    private async Task<byte[]> ExampleAsync(string what, ServedModel model, CancellationToken cancellationToken)
    {
        var saved = await Guard(what, () => registry.ReadInputExampleAsync(model.Version, cancellationToken));
        if (saved is not null)
        {
            return Encoding.UTF8.GetBytes(saved);
        }

        var inputs = model.Signature.Inputs.ToDictionary(i => i.Name, i => Ones(i.Shape.Select((d, k) => d < 0 ? 1 : d).ToArray(), 0));
        return JsonSerializer.SerializeToUtf8Bytes(new { inputs });
    }

    private static object Ones(long[] shape, int depth) =>
        depth == shape.Length ? 1 : Enumerable.Range(0, (int)shape[depth]).Select(_ => Ones(shape, depth + 1)).ToArray();

    /// <summary>
    /// Binds the example to the model's inputs and checks that every output is finite. The bound inputs are returned
    /// for the warm-up, so the example is parsed once.
    /// </summary>
    private InputSet Validate(string what, ServedModel model, byte[] example)
    {
        InputSet? inputs = null;
        try
        {
            using (var document = JsonDocument.Parse(example))
            {
                inputs = InputBinder.FromMlflow(document.RootElement, model, limits.Value);
            }

            using var outputs = Predictor.Run(model, inputs);
            foreach (var (output, name) in outputs.Values.Zip(model.OutputNames))
            {
                var nonFinite = output.GetTensorTypeAndShape().ElementDataType switch
                {
                    Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float => output.GetTensorDataAsSpan<float>().ToArray().Any(v => !float.IsFinite(v)),
                    Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double => output.GetTensorDataAsSpan<double>().ToArray().Any(v => !double.IsFinite(v)),
                    _ => false,
                };
                if (nonFinite)
                {
                    throw new SwapException($"{what}: output '{name}' is NaN or infinite for the input example.");
                }
            }

            return inputs;
        }
        catch (Exception e) when (e is PredictionInputException or OnnxRuntimeException)
        {
            inputs?.Dispose();
            throw new SwapException($"{what} fails on its input example: {e.Message}", e);
        }
        catch
        {
            inputs?.Dispose();
            throw;
        }
    }

    private void WarmUp(ServedModel model, InputSet inputs)
    {
        var started = time.GetTimestamp();
        for (var i = 0; i < options.Value.WarmupRuns && (i == 0 || time.GetElapsedTime(started) < options.Value.WarmupBudget); i++)
        {
            Predictor.Run(model, inputs).Dispose();
        }
    }

    /// <summary>Turns the store's and ONNX Runtime's failures into a <see cref="SwapException"/> that names the version.</summary>
    private static async Task<T> Guard<T>(string what, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is StoreException or ChecksumMismatchException or InvalidDataException or FormatException or IOException)
        {
            throw new SwapException(e.Message.StartsWith(what, StringComparison.Ordinal) ? e.Message : $"{what}: {e.Message}", e);
        }
    }

    private static T Guard<T>(string what, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (InvalidOnnxModelException e)
        {
            throw new SwapException(e.Message, e);
        }
    }
}
