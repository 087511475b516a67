using System.Globalization;
using System.Text;

namespace Hotswap.Bench.Load;

/// <summary>The seed client's request, <c>{"data": [[...]], "model": "name"}</c>, as the bytes every request sends.</summary>
public static class PredictBody
{
    public const string Path = "/predict";

    /// <summary><paramref name="rows"/> rows of <paramref name="width"/> iris-like measurements for <paramref name="model"/>.</summary>
    public static byte[] Rows(string model, int rows, int width)
    {
        var row = "[" + string.Join(", ", Enumerable.Range(0, width).Select(i => (5.1 - (i % 3 * 1.6)).ToString("0.0", CultureInfo.InvariantCulture))) + "]";
        return Encoding.UTF8.GetBytes($$"""{"data": [{{string.Join(", ", Enumerable.Repeat(row, rows))}}], "model": "{{model}}"}""");
    }
}
