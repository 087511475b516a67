using System.Buffers.Text;
using System.Text.Unicode;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// Whether a body's strings can all be read as .NET strings. JSON's parser accepts bytes that are not UTF-8 and lone
/// UTF-16 surrogate escapes (<c>"\uD800"</c>), on which reading a name or string later throws; a body that has
/// either is refused up front, so no later step meets one. Both scans are vectorized: a body without backslashes
/// costs one pass of each.
/// </summary>
public static class DecodableText
{
    /// <summary>Null when every string of <paramref name="body"/> decodes; otherwise what is wrong, and where.</summary>
    public static string? Problem(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            return "The body is not valid UTF-8.";
        }

        for (var i = body.IndexOf((byte)'\\'); i >= 0 && i < body.Length - 1; i = Next(body, i))
        {
            if (body[i + 1] != 'u' || Surrogate(body, i) is not { } unit)
            {
                continue;
            }

            if (unit >= 0xDC00 || Surrogate(body, i + 6) is not (>= 0xDC00 and <= 0xDFFF))
            {
                return $"The body has a lone UTF-16 surrogate escape at byte {i}, which no string can hold.";
            }

            i += 6;
        }

        return null;
    }

    /// <summary>The next backslash after the escape at <paramref name="i"/> (an escaped backslash is skipped whole).</summary>
    private static int Next(ReadOnlySpan<byte> body, int i)
    {
        var from = i + 2;
        var next = from < body.Length ? body[from..].IndexOf((byte)'\\') : -1;
        return next < 0 ? -1 : from + next;
    }

    /// <summary>The UTF-16 code unit of a <c>\uXXXX</c> escape at <paramref name="i"/> when it is a surrogate.</summary>
    private static int? Surrogate(ReadOnlySpan<byte> body, int i) =>
        i + 6 <= body.Length && body[i] == '\\' && body[i + 1] == 'u' && Utf8Parser.TryParse(body.Slice(i + 2, 4), out ushort unit, out var consumed, 'X') && consumed == 4 && unit is >= 0xD800 and <= 0xDFFF
            ? unit
            : null;
}
