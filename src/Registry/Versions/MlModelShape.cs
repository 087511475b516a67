using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hotswap.Registry.Versions;

/// <summary>
/// Refuses an <c>MLmodel</c> too large or nested too deep to parse safely, before YamlDotNet builds its node tree
/// (which recurses once per nesting level, so a file of 50,000 <c>[</c> would overflow the stack, which no catch stops).
/// The check reads the document as a stream of events, which YamlDotNet's parser produces without recursion; MLflow's
/// own files are a few KB and nest four or five levels.
/// </summary>
internal static class MlModelShape
{
    /// <summary>The largest MLmodel read, in characters.</summary>
    public const int MaxChars = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and sequences an MLmodel may have.</summary>
    public const int MaxDepth = 32;

    public static void Check(string yaml, string where)
    {
        if (yaml.Length > MaxChars)
        {
            throw new InvalidDataException($"{where}: MLmodel is {yaml.Length} characters, more than the {MaxChars} an MLmodel may have.");
        }

        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
            {
                throw new InvalidDataException($"{where}: MLmodel nests mappings and sequences more than {MaxDepth} deep (line {parser.Current.Start.Line}).");
            }

            if (parser.Current is MappingEnd or SequenceEnd)
            {
                depth--;
            }
        }
    }
}
