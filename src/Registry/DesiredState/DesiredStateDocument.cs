using System.Collections.Immutable;
using System.Text.Json;

namespace Hotswap.Registry.DesiredState;

/// <summary>The whole of model_list.json: which version of each model the fleet should serve.</summary>
public sealed record DesiredStateDocument(ImmutableSortedDictionary<string, ModelEntry> Models)
{
    public static DesiredStateDocument Empty { get; } = new(ImmutableSortedDictionary.Create<string, ModelEntry>(StringComparer.Ordinal));

    public ModelEntry? Find(string model) => Models.GetValueOrDefault(model);

    public DesiredStateDocument With(string model, ModelEntry entry) => new(Models.SetItem(model, entry));

    /// <summary>Parses model_list.json; the message of a failure says what is wrong and where.</summary>
    public static DesiredStateDocument Parse(ReadOnlySpan<byte> json)
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new DesiredStateFormatException("model_list.json is empty.");
        }

        Dictionary<string, ModelEntry?>? models;
        try
        {
            // An entry may be null ("iris": null), which the checks below refuse.
            models = (Dictionary<string, ModelEntry?>?)JsonSerializer.Deserialize(json, RegistryJsonContext.Default.DictionaryStringModelEntry);
        }
        catch (JsonException e)
        {
            throw new DesiredStateFormatException($"model_list.json is not valid: {e.Message}", e);
        }

        if (models is null)
        {
            throw new DesiredStateFormatException("model_list.json holds null instead of an object of models.");
        }

        foreach (var (name, entry) in models)
        {
            if (entry is null || !Naming.IsValidVersion(entry.Version))
            {
                throw new DesiredStateFormatException($"model_list.json: the entry of '{name}' has no valid \"version\" (found '{entry?.Version}').");
            }

            if (entry.Candidate is { } candidate && (!Naming.IsValidVersion(candidate.Version) || candidate.Weight is < 0 or > 100))
            {
                throw new DesiredStateFormatException($"model_list.json: the candidate of '{name}' needs a valid \"version\" and a \"weight\" from 0 to 100 (found '{candidate.Version}', {candidate.Weight}).");
            }

            if (entry.Candidate?.Guard?.Problem() is { } problem)
            {
                throw new DesiredStateFormatException($"model_list.json: the guard rules of the candidate of '{name}' are not valid: {problem}.");
            }

            if (!Naming.IsValidModel(name))
            {
                throw new DesiredStateFormatException($"model_list.json: '{name}' is not a valid model name.");
            }
        }

        return new DesiredStateDocument(models.ToImmutableSortedDictionary(m => m.Key, m => m.Value!, StringComparer.Ordinal));
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(Models, RegistryJsonContext.Default.ImmutableSortedDictionaryStringModelEntry);
}

public sealed class DesiredStateFormatException(string message, Exception? inner = null) : Exception(message, inner);
