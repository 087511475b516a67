using System.Buffers;

namespace Hotswap.InferenceHost.Configuration;

/// <summary>
/// The names of operators and of the people the dashboard acts for: 1 to <see cref="MaxLength"/> letters, digits,
/// '.', '_', '-' or '@'. No ':' (it joins <c>dashboard:alice</c>), no spaces or control characters (they reach logs and
/// the audit), and short enough that a joined actor stays within the 100 characters the store keeps.
/// </summary>
public static class OperatorNames
{
    public const int MaxLength = 48;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@");

    public static bool IsWellFormed(string? name) =>
        name is { Length: > 0 and <= MaxLength } && !name.AsSpan().ContainsAnyExcept(Allowed);

    public const string Rule = "1 to 48 letters, digits, '.', '_', '-' or '@'";
}
