using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotswap.Dashboard.Model;

/// <summary>One row of a classifier's answer: its label, if the model gives one, and each class's probability.</summary>
/// <param name="Probabilities">In the order of <see cref="ClassifierAnswerViewModel.Classes"/>; null where the row names no such class.</param>
/// <param name="Best">The index of the highest probability.</param>
public sealed record ClassifierRowViewModel(string? Label, ImmutableArray<double?> Probabilities, int Best);

/// <summary>
/// A classifier's answer as the playground tables it, read from an MLflow response whose predictions hold a sequence
/// of class → probability maps (skl2onnx's ZipMap <c>output_probability</c>), with the label output beside it.
/// </summary>
public sealed record ClassifierAnswerViewModel
{
    public required string ProbabilityOutput { get; init; }
    public required string? LabelOutput { get; init; }
    public required ImmutableArray<string> Classes { get; init; }
    public required ImmutableArray<ClassifierRowViewModel> Rows { get; init; }

    /// <summary>The table of an MLflow answer (<c>{"predictions": …}</c>), or null when it holds no class probabilities.</summary>
    public static ClassifierAnswerViewModel? TryRead(string body)
    {
        JsonNode? predictions;
        try
        {
            predictions = JsonNode.Parse(body) is JsonObject answer ? answer["predictions"] : null;
        }
        catch (JsonException)
        {
            return null;
        }

        return predictions switch
        {
            JsonArray single when IsProbabilityMaps(single) => Table("predictions", single, labelOutput: null, labels: null),
            JsonObject outputs => FromOutputs(outputs),
            _ => null,
        };
    }

    private static ClassifierAnswerViewModel? FromOutputs(JsonObject outputs)
    {
        if (outputs.FirstOrDefault(o => o.Value is JsonArray maps && IsProbabilityMaps(maps)) is not { Value: JsonArray probabilities } output)
        {
            return null;
        }

        var label = outputs
            .Where(o => o.Value is JsonArray labels && labels.Count == probabilities.Count && labels.All(l => l is JsonValue))
            .OrderByDescending(o => o.Key.Contains("label", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        return Table(output.Key, probabilities, label.Key, label.Value as JsonArray);
    }

    private static ClassifierAnswerViewModel Table(string probabilityOutput, JsonArray maps, string? labelOutput, JsonArray? labels)
    {
        var classes = maps.SelectMany(m => m!.AsObject().Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var rows = maps.Select((map, r) =>
        {
            var probabilities = classes.Select(c => map![c]?.GetValue<double>()).ToImmutableArray();
            var best = probabilities.IndexOf(probabilities.Max());
            return new ClassifierRowViewModel(labels?[r] is { } label ? Text(label) : null, probabilities, best);
        });
        return new ClassifierAnswerViewModel { ProbabilityOutput = probabilityOutput, LabelOutput = labels is null ? null : labelOutput, Classes = classes, Rows = [.. rows] };
    }

    private static bool IsProbabilityMaps(JsonArray maps) =>
        maps.Count > 0 && maps.All(m => m is JsonObject { Count: > 0 } map && map.All(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number));

    private static string Text(JsonNode label) =>
        label is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : label.ToJsonString();
}
