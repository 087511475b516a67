using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using Hotswap.Dashboard.Configuration;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;
using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults;
using Hotswap.ServiceDefaults.Configuration;
using Hotswap.Testing;
using Hotswap.TrafficClient.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Dashboard.Tests.Configuration;

/// <summary>
/// docs/configuration.md, written from the options classes: each section's keys (property names, nested the way the
/// configuration binder nests them), types and defaults by reflection, and each key's meaning from its
/// <see cref="DescriptionAttribute"/>.
/// </summary>
public static class ConfigurationReference
{
    public const string RelativePath = "docs/configuration.md";

    /// <summary>Set to 1 to rewrite <see cref="RelativePath"/> instead of comparing with it.</summary>
    public const string RewriteVariable = "HOTSWAP_WRITE_CONFIGURATION_REFERENCE";

    public const string RewriteCommand =
        $"{RewriteVariable}=1 dotnet test tests/Dashboard.Tests -c Release --filter \"FullyQualifiedName~ConfigurationReferenceTests\"";

    /// <summary>Every section, in the order the reference lists them, with the programs that read it.</summary>
    public static readonly IReadOnlyList<(Type Options, string ReadBy)> Sections =
    [
        (typeof(ModelStoreOptions), "host, dashboard, publisher CLI"),
        (typeof(MlflowOptions), "host, dashboard, publisher CLI"),
        (typeof(RolloutPolicy), "host, dashboard"),
        (typeof(SwapOptions), "host"),
        (typeof(PredictLimits), "host"),
        (typeof(GuardOptions), "host"),
        (typeof(ControlOptions), "host"),
        (typeof(InferenceHost.Configuration.FleetOptions), "host"),
        (typeof(DashboardOptions), "dashboard"),
        (typeof(Dashboard.Configuration.FleetOptions), "dashboard"),
        (typeof(KnownProxiesOptions), "host, dashboard"),
        (typeof(TrafficOptions), "demo traffic client"),
    ];

    /// <summary>The appsettings.json files of the programs, relative to the repository root.</summary>
    public static readonly IReadOnlyList<(string Program, string Path)> ShippedSettings =
    [
        ("host", "src/InferenceHost/appsettings.json"),
        ("dashboard", "src/Dashboard/appsettings.json"),
    ];

    public sealed record Key(string Name, string Type, string Default, string? Meaning, string Property);

    public static string SectionOf(Type options) =>
        (string?)options.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue()
        ?? throw new InvalidOperationException($"{options.Name} has no public const string Section.");

    /// <summary>The keys of one section, in declaration order.</summary>
    public static IEnumerable<Key> KeysOf(Type options) => KeysOf(SectionOf(options), options);

    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# Configuration reference");
        text.AppendLine();
        text.AppendLine("<!-- Generated from the options classes by tests/Dashboard.Tests/Configuration/ConfigurationReferenceTests.cs: do not edit by hand. -->");
        text.AppendLine($"<!-- Rewrite it with: {RewriteCommand} -->");
        text.AppendLine();
        text.AppendLine("Every configuration key of Hotswap, with its default and its meaning. Keys are read from appsettings.json, then");
        text.AppendLine("`appsettings.{Environment}.json`, then environment variables, where `:` is written `__` (`Swap:PollInterval` is");
        text.AppendLine("`Swap__PollInterval`) and list entries are numbered (`Dashboard__Hosts__0`). Each section is validated when a");
        text.AppendLine("program starts: a bad value stops it with every problem named by its key. Durations are written `hh:mm:ss`");
        text.AppendLine("(`00:00:05`, `1.00:00:00` for a day).");
        text.AppendLine();
        text.AppendLine("The appsettings.json each program ships sets, for a local run:");
        text.AppendLine();
        foreach (var (program, path) in ShippedSettings)
        {
            var shipped = Shipped(path).Where(s => Sections.Any(section => s.Key.StartsWith(SectionOf(section.Options) + ":", StringComparison.Ordinal)));
            text.AppendLine($"- {program} (`{path}`): {string.Join(", ", shipped.Select(s => $"`{s.Key}` = `{s.Value}`"))}.");
        }

        text.AppendLine();
        text.AppendLine("Besides the sections below, the host and the dashboard read ASP.NET Core's own keys (`Logging:*`, `AllowedHosts`,");
        text.AppendLine($"`Urls`, `ASPNETCORE_ENVIRONMENT`) and `{ServiceDefaultsExtensions.OtlpEndpointKey}`: when set, their logs, metrics and traces");
        text.AppendLine("are exported over OTLP.");
        // A section two programs read with different keys (the host's Fleet and the dashboard's) is one heading, a table each.
        foreach (var section in Sections.GroupBy(s => SectionOf(s.Options)))
        {
            text.AppendLine();
            text.AppendLine($"## {section.Key}");
            foreach (var (options, readBy) in section)
            {
                RenderKeys(text, options, readBy);
            }
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    private static void RenderKeys(StringBuilder text, Type options, string readBy)
    {
        text.AppendLine();
        text.AppendLine($"Read by: {readBy}.");
        text.AppendLine();
        text.AppendLine("| Key | Type | Default | Meaning |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var key in KeysOf(options))
        {
            text.AppendLine($"| `{key.Name}` | {key.Type} | {key.Default} | {Escape(key.Meaning ?? "")} |");
        }
    }

    /// <summary>The settings of an appsettings.json file, flattened to configuration keys, sorted by key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Shipped(string relativePath) =>
        new ConfigurationBuilder().AddJsonFile(System.IO.Path.Combine(RepositoryRoot.Path, relativePath)).Build()
            .AsEnumerable(makePathsRelative: true)
            .Where(s => s.Value is not null)
            .OrderBy(s => s.Key, StringComparer.Ordinal);

    private static IEnumerable<Key> KeysOf(string prefix, Type type)
    {
        var defaults = Activator.CreateInstance(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).OrderBy(p => p.MetadataToken))
        {
            var name = $"{prefix}:{property.Name}";
            var element = ElementType(property.PropertyType);
            if (element is not null && !IsLeaf(element))
            {
                yield return new Key(name, $"list of {Plural(element)}", "(empty)", Meaning(property), $"{type.Name}.{property.Name}");
                foreach (var key in KeysOf($"{name}:{{n}}", element))
                {
                    yield return key;
                }
            }
            else if (element is null && !IsLeaf(property.PropertyType))
            {
                foreach (var key in KeysOf(name, property.PropertyType))
                {
                    yield return key;
                }
            }
            else
            {
                var shown = property.GetCustomAttribute<DefaultValueAttribute>()?.Value ?? property.GetValue(defaults);
                yield return new Key(name, TypeName(property.PropertyType), Format(shown), Meaning(property), $"{type.Name}.{property.Name}");
            }
        }
    }

    private static string? Meaning(PropertyInfo property) => property.GetCustomAttribute<DescriptionAttribute>()?.Description;

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : null;

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(TimeSpan) || underlying == typeof(decimal);
    }

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return ElementType(underlying) is { } element ? $"list of {Plural(element)}"
            : underlying.IsEnum ? string.Join(" or ", Enum.GetNames(underlying).Select(n => $"`{n}`"))
            : underlying == typeof(TimeSpan) ? "duration"
            : underlying == typeof(bool) ? "`true` or `false`"
            : underlying == typeof(int) || underlying == typeof(long) ? "integer"
            : underlying == typeof(double) || underlying == typeof(float) ? "number"
            : "text";
    }

    private static string Plural(Type element) => IsLeaf(element) ? TypeName(element) switch
    {
        "text" => "texts",
        "integer" => "integers",
        "number" => "numbers",
        var other => other,
    } : "entries";

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "(empty)",
        string s => $"`{s}`",
        bool b => b ? "`true`" : "`false`",
        TimeSpan t => $"`{t.ToString("c", CultureInfo.InvariantCulture)}`",
        IEnumerable items when !items.Cast<object>().Any() => "(empty)",
        IEnumerable items => string.Join(", ", items.Cast<object>().Select(Format)),
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
