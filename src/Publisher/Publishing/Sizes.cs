using System.Globalization;

namespace Hotswap.Publisher.Publishing;

public static class Sizes
{
    private static readonly string[] Units = ["bytes", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>A byte count as people read it: 812 bytes, 1.4 KiB, 230.5 MiB.</summary>
    public static string Format(long bytes)
    {
        var unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }
}
