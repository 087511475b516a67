using System.Text.Json;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// Where the top-level members that name a prediction's model and hold its values sit in a JSON body: <c>model</c>
/// and <c>data</c> (the seed client's), <c>inputs</c> and <c>instances</c> (MLflow's). Read by one pass of a
/// <see cref="Utf8JsonReader"/> that checks the whole body is JSON exactly as <see cref="JsonDocument"/> does (the same
/// reader, depth limit and messages) and allocates nothing. A member named twice is its last occurrence, as
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> reads it.
/// </summary>
public readonly record struct BodyOutline(bool IsObject, Range Model, Range Data, Range Inputs, Range Instances)
{
    /// <summary>The depth <see cref="JsonDocument"/> would accept from a prediction body.</summary>
    public const int MaxDepth = 32;

    /// <summary>The outline of <paramref name="json"/>; a <see cref="JsonException"/> when it is not one JSON value.</summary>
    public static BodyOutline Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        var outline = reader.TokenType == JsonTokenType.StartObject ? Members(ref reader) : Skipped(ref reader);

        // Past the root only whitespace may follow; the reader throws on anything else, as JsonDocument does.
        reader.Read();
        return outline;
    }

    /// <summary>Whether <paramref name="member"/> was in the body.</summary>
    public static bool Has(Range member) => member.End.Value > 0;

    private static BodyOutline Skipped(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return default;
    }

    private static BodyOutline Members(ref Utf8JsonReader reader)
    {
        Range model = default, data = default, inputs = default, instances = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("model"u8) ? 1
                : reader.ValueTextEquals("data"u8) ? 2
                : reader.ValueTextEquals("inputs"u8) ? 3
                : reader.ValueTextEquals("instances"u8) ? 4
                : 0;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = start..(int)reader.BytesConsumed;
            switch (which)
            {
                case 1: model = value; break;
                case 2: data = value; break;
                case 3: inputs = value; break;
                case 4: instances = value; break;
            }
        }

        return new BodyOutline(true, model, data, inputs, instances);
    }
}
