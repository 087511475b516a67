using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.Schemas;

namespace Hotswap.Registry.Versions;

/// <summary>
/// Writes a tree of string-keyed mappings, string lists, strings, integers, doubles and nulls as a YAML document. It
/// sends YamlDotNet's emitter the events its reflection serializer sent for the same tree (which a Native AOT host
/// cannot run): the same tags, scalar styles and number formats, so the files read as they always did.
/// </summary>
internal static class YamlTreeWriter
{
    public static string Write(IEnumerable<KeyValuePair<string, object?>> root)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        WriteNode(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteNode(IEmitter emitter, object? value)
    {
        switch (value)
        {
            // The null tag is what lets the emitter write an empty plain value, which YAML reads as null.
            case null:
                emitter.Emit(Scalar(JsonSchema.Tags.Null, "", ScalarStyle.Plain));
                break;
            case string text:
                emitter.Emit(Scalar(FailsafeSchema.Tags.Str, text, ScalarStyle.Any));
                break;
            // Formatted boxed, as the serializer did: a long argument would resolve to FormatNumber(double) and lose digits.
            case long:
                emitter.Emit(Scalar(JsonSchema.Tags.Int, YamlFormatter.Default.FormatNumber(value), ScalarStyle.Plain));
                break;
            case double number:
                emitter.Emit(Scalar(JsonSchema.Tags.Float, YamlFormatter.Default.FormatNumber(number), ScalarStyle.Plain));
                break;
            case IEnumerable<KeyValuePair<string, object?>> mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: false, MappingStyle.Any));
                foreach (var (key, child) in mapping)
                {
                    WriteNode(emitter, key);
                    WriteNode(emitter, child);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable<string> list:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: false, SequenceStyle.Any));
                foreach (var item in list)
                {
                    WriteNode(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new ArgumentException($"A YAML tree holds no {value.GetType()}.", nameof(value));
        }
    }

    private static Scalar Scalar(TagName tag, string value, ScalarStyle style) =>
        new(AnchorName.Empty, tag, value, style, isPlainImplicit: true, isQuotedImplicit: false);
}
