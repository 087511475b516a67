using System.Text.Json;
using System.Text.Json.Nodes;
using Hotswap.Contracts.Models;

namespace Hotswap.Dashboard.Model;

/// <summary>A request form generated from a model's signature, prefilled from its input example when it has one.</summary>
public sealed class PlaygroundForm
{
    private PlaygroundForm(IReadOnlyList<InputEditor> inputs) => Inputs = inputs;

    public IReadOnlyList<InputEditor> Inputs { get; }

    /// <param name="exampleJson">The version's input_example.json (MLflow's <c>{"inputs": ...}</c> form), if any.</param>
    public static PlaygroundForm Build(ModelSignature signature, string? exampleJson)
    {
        var examples = ExamplesByInput(signature, exampleJson);
        return new PlaygroundForm([.. signature.Inputs.Select(i => InputEditor.For(i, examples.GetValueOrDefault(i.Name)))]);
    }

    /// <summary>The MLflow request body, or the first problem in the form.</summary>
    public string BuildRequest(out string? problem)
    {
        problem = null;
        var inputs = new JsonObject();
        foreach (var input in Inputs)
        {
            inputs[input.Spec.Name] = input.ToJson(out var inputProblem);
            problem ??= inputProblem;
        }

        return new JsonObject { ["inputs"] = inputs }.ToJsonString();
    }

    private static Dictionary<string, JsonNode?> ExamplesByInput(ModelSignature signature, string? exampleJson)
    {
        if (exampleJson is null)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(exampleJson)?["inputs"] switch
            {
                JsonObject named => named.ToDictionary(p => p.Key, p => p.Value),
                JsonArray single when signature.Inputs.Count == 1 => new Dictionary<string, JsonNode?> { [signature.Inputs[0].Name] = single },
                _ => [],
            };
        }
        catch (JsonException)
        {
            // A malformed example only means an empty form: the host validated the version with its own example.
            return [];
        }
    }
}
