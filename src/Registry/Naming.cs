using System.Text.RegularExpressions;

namespace Hotswap.Registry;

/// <summary>
/// Model names and versions become object keys and folder names, so both are held to a safe alphabet:
/// nothing that can climb out of a folder (<c>../</c>), no separators, bounded length.
/// </summary>
public static partial class Naming
{
    public const int MaxModelLength = 128;
    public const int MaxVersionLength = 64;

    public static bool IsValidModel(string? name) => name is { Length: > 0 and <= MaxModelLength } && SafeName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static bool IsValidVersion(string? version) => version is { Length: > 0 and <= MaxVersionLength } && SafeName().IsMatch(version) && !version.Contains("..", StringComparison.Ordinal);

    public static void EnsureValidModel(string? name)
    {
        if (!IsValidModel(name))
        {
            throw new ArgumentException($"'{Shorten(name)}' is not a valid model name: use 1-{MaxModelLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    public static void EnsureValidVersion(string? model, string? version)
    {
        if (!IsValidVersion(version))
        {
            throw new ArgumentException($"'{Shorten(version)}' is not a valid version of {model}: use 1-{MaxVersionLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    /// <summary>Orders versions the way people number them: numerically when both are numbers.</summary>
    public static int CompareVersions(string a, string b) =>
        long.TryParse(a, out var x) && long.TryParse(b, out var y) ? x.CompareTo(y) : string.CompareOrdinal(a, b);

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 80 ? value : value[..80] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex SafeName();
}
