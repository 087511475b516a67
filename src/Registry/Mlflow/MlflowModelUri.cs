using System.Diagnostics.CodeAnalysis;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// A <c>models:/</c> URI of MLflow's model registry, as MLflow itself accepts them: <c>models:/NAME@ALIAS</c> (an alias,
/// MLflow 2.9+), <c>models:/NAME/latest</c> (the highest version), or <c>models:/NAME/VERSION</c> (one version).
/// Stage URIs (<c>models:/NAME/Production</c>) are refused: MLflow deprecated stages for aliases.
/// </summary>
public sealed record MlflowModelUri
{
    public const string Scheme = "models:/";
    public const int MaxNameLength = 256;

    private MlflowModelUri(string name, string? alias, string? version)
    {
        Name = name;
        Alias = alias;
        Version = version;
    }

    /// <summary>The registered model's name in MLflow (not the Hotswap model it feeds).</summary>
    public string Name { get; }

    /// <summary>The alias followed, or null.</summary>
    public string? Alias { get; }

    /// <summary>A fixed version number, or null (an alias, or the latest version).</summary>
    public string? Version { get; }

    public bool IsLatest => Alias is null && Version is null;

    /// <summary>True when the version it names can move (an alias or latest), so it is worth following.</summary>
    public bool Moves => Version is null;

    public static MlflowModelUri Parse(string text) =>
        TryParse(text, out var uri, out var problem) ? uri : throw new FormatException(problem);

    public static bool TryParse(string? text, [NotNullWhen(true)] out MlflowModelUri? uri, [NotNullWhen(false)] out string? problem)
    {
        uri = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            problem = $"'{Shorten(text)}' is not a models:/ URI: expected models:/NAME@ALIAS, models:/NAME/latest or models:/NAME/VERSION.";
            return false;
        }

        var rest = text[Scheme.Length..];
        string name;
        if (rest.LastIndexOf('@') is var at and > 0)
        {
            name = rest[..at];
            var alias = rest[(at + 1)..];
            if (!IsAlias(alias))
            {
                problem = $"'{Shorten(text)}' names no valid alias: an alias is 1-255 letters, digits, '_' or '-' (MLflow's rule).";
                return false;
            }

            uri = new MlflowModelUri(name, alias, null);
        }
        else if (rest.LastIndexOf('/') is var slash and > 0)
        {
            name = rest[..slash];
            var version = rest[(slash + 1)..];
            if (version == "latest")
            {
                uri = new MlflowModelUri(name, null, null);
            }
            else if (long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                uri = new MlflowModelUri(name, null, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                problem = $"'{Shorten(text)}' names neither a version number nor latest: stages such as Production are deprecated in MLflow; move an alias instead (models:/NAME@ALIAS).";
                return false;
            }
        }
        else
        {
            problem = $"'{Shorten(text)}' names no alias or version: expected models:/NAME@ALIAS, models:/NAME/latest or models:/NAME/VERSION.";
            return false;
        }

        if (!IsName(name))
        {
            uri = null;
            problem = $"'{Shorten(text)}' names no valid registered model: 1-{MaxNameLength} characters, no '/', '@' or control character.";
            return false;
        }

        problem = null;
        return true;
    }

    public override string ToString() => Alias is not null ? $"{Scheme}{Name}@{Alias}" : $"{Scheme}{Name}/{Version ?? "latest"}";

    private static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !name.Any(c => c is '/' or '@' || char.IsControl(c)) && name.Trim() == name;

    // MLflow's _validate_model_alias_name: letters, digits, underscores and dashes; "latest" and v<number> are reserved.
    private static bool IsAlias(string alias) =>
        alias.Length is > 0 and <= 255 && alias.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
        && !alias.Equals("latest", StringComparison.OrdinalIgnoreCase)
        && !(alias.Length > 1 && alias[0] is 'v' or 'V' && alias[1..].All(char.IsAsciiDigit));

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 120 ? value : value[..120] + "…";
}
