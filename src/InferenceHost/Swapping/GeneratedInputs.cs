using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Requests made up from a signature, to validate a version that has no input example. Every free dimension takes the
/// same size (a free batch dimension is usually shared between inputs, as Silero VAD's audio and state are), tried
/// small to large: 1, 16, 512. A size is lowered until every input fits <see cref="MaxElements"/>, Predict:MaxTensorElements
/// and Predict:MaxBatchRows, so an input with several free dimensions cannot explode. Values are 1 for numbers (the
/// smallest count, rate or size that is not degenerate, and a valid id in any table of two or more), false for bool and
/// "a" for strings.
/// </summary>
public static class GeneratedInputs
{
    /// <summary>The most elements a generated tensor has, whatever Predict:MaxTensorElements allows.</summary>
    public const int MaxElements = 1 << 18;

    private static readonly long[] Tried = [1, 16, 512];

    /// <summary>The distinct sizes of free dimensions to try, smallest first; none when an input is too large even with every free dimension 1.</summary>
    public static IReadOnlyList<long> Sizes(ModelSignature signature, PredictLimits limits)
    {
        if (!HasFreeDimensions(signature))
        {
            return TooLarge(signature, limits) is null ? [1] : [];
        }

        var largest = signature.Inputs.Min(i => Largest(i.Shape, Cap(limits), limits.MaxBatchRows));
        return [.. Tried.Select(size => Math.Min(size, largest)).Where(size => size >= 1).Distinct()];
    }

    /// <summary>Why no size is tried: the first input too large even with every free dimension 1; null when there is none.</summary>
    public static string? TooLarge(ModelSignature signature, PredictLimits limits) =>
        signature.Inputs.FirstOrDefault(i => Largest(i.Shape, Cap(limits), limits.MaxBatchRows) == 0) is { } input
            ? $"input '{input.Name}' of shape [{string.Join(", ", input.Shape)}] has more than {Cap(limits)} elements even with free dimensions of 1"
            : null;

    /// <summary>An MLflow <c>inputs</c> body with every free dimension <paramref name="size"/>.</summary>
    public static byte[] Body(ModelSignature signature, long size)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("inputs");
            foreach (var input in signature.Inputs)
            {
                json.WritePropertyName(input.Name);
                Write(json, input, [.. input.Shape.Select(d => d < 0 ? size : d)], 0);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Describes a size the way status shows it.</summary>
    public static string Describe(ModelSignature signature, long size) =>
        HasFreeDimensions(signature) ? $"generated inputs (free dimensions {size})" : "generated inputs";

    private static bool HasFreeDimensions(ModelSignature signature) => signature.Inputs.Any(i => i.Shape.Any(d => d < 0));

    private static int Cap(PredictLimits limits) => Math.Min(MaxElements, limits.MaxTensorElements);

    /// <summary>
    /// The largest size of free dimensions that keeps what <see cref="Body"/> writes for <paramref name="shape"/> within
    /// <paramref name="cap"/> values: its elements or, before a dimension of 0, the empty arrays it nests. Counted in
    /// checked steps that stop at the cap, so no signature (dimensions of 2^40, dozens of them) overflows or allocates.
    /// </summary>
    private static long Largest(IReadOnlyList<long> shape, int cap, int maxRows)
    {
        var written = shape.TakeWhile(d => d != 0).ToArray();
        if (!Fits(written, 1, cap))
        {
            return 0;
        }

        if (!written.Any(d => d < 0))
        {
            return long.MaxValue;
        }

        var (low, high) = (1L, (long)cap);
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            (low, high) = Fits(written, middle, cap) ? (middle, high) : (low, middle - 1);
        }

        return shape[0] < 0 ? Math.Min(low, maxRows) : low;
    }

    /// <summary>True when the product of <paramref name="dims"/> (free ones <paramref name="size"/>, none 0) is at most <paramref name="cap"/>.</summary>
    private static bool Fits(long[] dims, long size, long cap)
    {
        var product = 1L;
        foreach (var d in dims)
        {
            var dim = d < 0 ? size : d;
            if (dim > cap / product)
            {
                return false;
            }

            product *= dim;
        }

        return true;
    }

    private static void Write(Utf8JsonWriter json, TensorSpec input, long[] shape, int depth)
    {
        if (depth == shape.Length)
        {
            switch (input.DType)
            {
                case "bool":
                    json.WriteBooleanValue(false);
                    break;
                case "string":
                    json.WriteStringValue("a");
                    break;
                default:
                    json.WriteNumberValue(1);
                    break;
            }

            return;
        }

        json.WriteStartArray();
        for (var i = 0L; i < shape[depth]; i++)
        {
            Write(json, input, shape, depth + 1);
        }

        json.WriteEndArray();
    }
}
