using System.Numerics;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
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
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>A version ready to publish, and how long each phase took to get it there.</summary>
public sealed record LoadedVersion(ServedModel Model, SwapDurations Durations);

/// <summary>
/// Everything a swap does before the new version takes traffic, all off the request path: resolve the version in the
/// store, download and verify it, create the session, check its signature against what clients send today, validate
/// it on its input example (or generated inputs) and warm it up. Any failure disposes what was built and throws <see cref="SwapException"/>.
/// </summary>
public sealed class ModelLoader(ModelRegistry registry, ModelCache cache, SwapEvents events, IOptions<SwapOptions> options, IOptions<PredictLimits> limits, TimeProvider time) : IVersionLoader
{
    /// <summary>
    /// Resolves the version in the store and downloads and verifies its ONNX file into the cache; loads nothing. The load
    /// phase starts when it returns (on a memory-capped host it includes releasing the served version).
    /// </summary>
    public async Task<FetchedVersion> FetchAsync(string model, ModelEntry entry, CancellationToken cancellationToken)
    {
        var what = $"{model} version {entry.Version}";
        var phases = new SwapPhases(time);
        try
        {
            var version = await Guard(what, () => registry.GetVersionAsync(model, entry, cancellationToken))
                ?? throw new SwapException($"{what} is not in the store: no MLmodel at {entry.Path}.");
            var path = await Guard(what, () => cache.GetAsync(version, cancellationToken));
            phases.Next(SwapPhases.Load);
            return new FetchedVersion(version, path, phases);
        }
        catch
        {
            phases.Dispose();
            throw;
        }
    }

    /// <summary>Creates the session of a fetched version, checks its signature, validates it and warms it up.</summary>
    public async Task<LoadedVersion> LoadAsync(FetchedVersion fetched, ModelSignature? servedSignature, bool force, CancellationToken cancellationToken)
    {
        var what = $"{fetched.Version.Model} version {fetched.Version.Version}";
        var phases = fetched.Phases;
        var session = await Task.Run(() => Guard(what, () => OnnxModelLoader.Load(fetched.Path, what, prepackWeights: options.Value.PrepackWeights)), cancellationToken);
        phases.Next(SwapPhases.Validate);
        var served = new ServedModel(fetched.Version, session, OnnxSignature.Read(session), time.GetUtcNow());
        cache.KeepWhileLoaded(served, fetched.Path);
        try
        {
            CheckSignature(what, served.Signature, servedSignature, force);
            var (inputs, validation) = await ValidateAsync(what, served, cancellationToken);
            using (inputs)
            {
                served.Validation = validation;
                phases.Next(SwapPhases.Warmup);
                if (inputs is not null)
                {
                    await Task.Run(() => WarmUp(served, inputs), cancellationToken);
                }
            }

            return new LoadedVersion(served, phases.Complete());
        }
        catch
        {
            served.Retire();
            throw;
        }
    }

    /// <summary>
    /// Loads a version that was served and released again, from its cached file and with the version information it
    /// carried: no store read, so a store that is down cannot keep it away. It was validated when first loaded.
    /// </summary>
    public async Task<ServedModel> ReloadAsync(ServedModel released, CancellationToken cancellationToken)
    {
        var version = released.Version;
        var what = $"{version.Model} version {version.Version}";
        var path = await Guard(what, () => cache.GetAsync(version, cancellationToken));
        var session = await Task.Run(() => Guard(what, () => OnnxModelLoader.Load(path, what, prepackWeights: options.Value.PrepackWeights)), cancellationToken);
        var restored = new ServedModel(version, session, OnnxSignature.Read(session), time.GetUtcNow()) { Validation = released.Validation };
        cache.KeepWhileLoaded(restored, path);
        return restored;
    }

    private static void CheckSignature(string what, ModelSignature signature, ModelSignature? servedSignature, bool force)
    {
        var refused = signature.Inputs.Where(i => !ValueTypes.IsServedInput(i.DType)).Select(i => (Kind: "input", Spec: i))
            .Concat(signature.Outputs.Where(o => !ValueTypes.IsServedOutput(o.DType)).Select(o => (Kind: "output", Spec: o)))
            .FirstOrDefault();
        if (refused.Spec is { } spec)
        {
            throw new SwapException($"{what}: {refused.Kind} '{spec.Name}' has type {spec.DType}, which this host cannot serve (it serves tensors of {string.Join(", ", ValueTypes.Elements)}, and as outputs maps, sequences of maps and sequences of tensors of them).");
        }

        if (!force && servedSignature is not null && SignatureCompatibility.Check(servedSignature, signature) is { } problem)
        {
            throw new SwapException($"{what} is incompatible with the served version: {problem}. Pin it with force to swap anyway.");
        }
    }

    /// <summary>
    /// Runs the version's input_example.json, which must pass; without one, generated inputs of growing sizes until one
    /// passes. A version none of them passes is served with a warning, or refused under Swap:RequireValidation. Returns
    /// the inputs that passed (for the warm-up; null when none did) and how the version was validated.
    /// </summary>
    private async Task<(InputSet? Inputs, string Validation)> ValidateAsync(string what, ServedModel model, CancellationToken cancellationToken)
    {
        var saved = await Guard(what, () => registry.ReadInputExampleAsync(model.Version, cancellationToken));
        if (saved is not null)
        {
            var (inputs, problem) = await Task.Run(() => Run(model, Encoding.UTF8.GetBytes(saved)), cancellationToken);
            return (inputs ?? throw new SwapException($"{what} fails on its input example: {problem}"), "input example");
        }

        var sizes = GeneratedInputs.Sizes(model.Signature, limits.Value);
        var firstProblem = GeneratedInputs.TooLarge(model.Signature, limits.Value);
        foreach (var size in sizes)
        {
            var (inputs, problem) = await Task.Run(() => Run(model, GeneratedInputs.Body(model.Signature, size)), cancellationToken);
            if (inputs is not null)
            {
                return (inputs, GeneratedInputs.Describe(model.Signature, size));
            }

            firstProblem ??= problem;
        }

        var reason = $"generated inputs failed: {firstProblem}";
        if (options.Value.RequireValidation)
        {
            throw new SwapException($"{what} is not validated: it has no input example and {reason}. Swap:RequireValidation refuses it; log it with an input example.");
        }

        events.ValidationWarning(new ValidationWarning(options.Value.ResolvedHostId, model.Version.Model, model.Version.Version, reason, time.GetUtcNow()));
        return (null, $"none ({reason})");
    }

    /// <summary>
    /// Binds a request body to the model's inputs, runs it and checks that every tensor output is finite. Returns the
    /// bound inputs (for the warm-up, so a body is parsed once), or why the run failed.
    /// </summary>
    private (InputSet? Inputs, string? Problem) Run(ServedModel model, byte[] body)
    {
        InputSet? inputs = null;
        try
        {
            using (var document = JsonDocument.Parse(body))
            {
                inputs = InputBinder.FromMlflow(document.RootElement, model, limits.Value);
            }

            using var outputs = Predictor.Run(model, inputs);
            foreach (var (output, name) in outputs.Values.Zip(model.OutputNames))
            {
                if (output.OnnxType == OnnxValueType.ONNX_TYPE_TENSOR && !IsFinite(output))
                {
                    inputs.Dispose();
                    return (null, $"output '{name}' is NaN or infinite");
                }
            }

            return (inputs, null);
        }
        catch (Exception e) when (e is PredictionInputException or OnnxRuntimeException)
        {
            inputs?.Dispose();
            return (null, e.Message);
        }
        catch
        {
            inputs?.Dispose();
            throw;
        }
    }

    private static bool IsFinite(OrtValue output) => output.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Float => AllFinite(output.GetTensorDataAsSpan<float>()),
        TensorElementType.Double => AllFinite(output.GetTensorDataAsSpan<double>()),
        _ => true,
    };

    private static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        foreach (var value in values)
        {
            if (!T.IsFinite(value))
            {
                return false;
            }
        }

        return true;
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
