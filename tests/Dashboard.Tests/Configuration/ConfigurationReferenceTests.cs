using System.Reflection;
using Hotswap.Dashboard.Configuration;
using Hotswap.InferenceHost.Configuration;
using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults.Configuration;
using Hotswap.Testing;
using Hotswap.TrafficClient.Configuration;

namespace Hotswap.Dashboard.Tests.Configuration;

/// <summary>docs/configuration.md lists every key of every section with its default, straight from the options classes.</summary>
public sealed class ConfigurationReferenceTests
{
    /// <summary>The assemblies whose options make up the product's configuration.</summary>
    private static readonly Assembly[] Product =
    [
        typeof(ModelStoreOptions).Assembly, typeof(SwapOptions).Assembly, typeof(DashboardOptions).Assembly,
        typeof(KnownProxiesOptions).Assembly, typeof(TrafficOptions).Assembly,
    ];

    [Fact]
    public void The_checked_in_reference_is_the_one_the_options_classes_generate()
    {
        var path = Path.Combine(RepositoryRoot.Path, ConfigurationReference.RelativePath);
        var generated = ConfigurationReference.Render();
        if (Environment.GetEnvironmentVariable(ConfigurationReference.RewriteVariable) == "1")
        {
            File.WriteAllText(path, generated);
        }

        var checkedIn = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        Assert.True(
            generated == checkedIn,
            $"{ConfigurationReference.RelativePath} is not what the options classes generate. Rewrite it from the repository root with:\n{ConfigurationReference.RewriteCommand}");
    }

    [Fact]
    public void Each_section_has_one_heading_even_when_two_programs_read_it()
    {
        var headings = ConfigurationReference.Render().Split('\n').Where(line => line.StartsWith("## ", StringComparison.Ordinal));

        Assert.Empty(headings.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_key_has_a_one_line_meaning()
    {
        var missing = ConfigurationReference.Sections
            .SelectMany(s => ConfigurationReference.KeysOf(s.Options))
            .Where(k => string.IsNullOrWhiteSpace(k.Meaning) || k.Meaning.Contains('\n', StringComparison.Ordinal))
            .Select(k => $"{k.Name} ({k.Property})");

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_options_class_of_the_product_is_in_the_reference()
    {
        var sections = Product.SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .Select(t => t.FullName);

        Assert.Equal(
            ConfigurationReference.Sections.Select(s => s.Options.FullName).Order(),
            sections.Order());
    }

    [Fact]
    public void Every_key_constant_names_a_key_of_the_reference()
    {
        var keys = ConfigurationReference.Sections.SelectMany(s => ConfigurationReference.KeysOf(s.Options)).Select(k => k.Name).ToList();
        var constants = Product.SelectMany(a => a.GetTypes())
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Keys", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            .Select(f => (Constant: $"{f.DeclaringType!.Name}.{f.Name}", Key: (string)f.GetRawConstantValue()!))
            .ToList();

        Assert.NotEmpty(constants);
        Assert.All(constants, c => Assert.True(
            keys.Any(k => k == c.Key || k.StartsWith(c.Key + ":", StringComparison.Ordinal)),
            $"{c.Constant} is '{c.Key}', which the reference does not list."));
    }

    [Fact]
    public void Every_setting_the_programs_ship_in_a_documented_section_is_a_documented_key()
    {
        var keys = ConfigurationReference.Sections.SelectMany(s => ConfigurationReference.KeysOf(s.Options)).Select(k => k.Name).ToHashSet();
        var sections = ConfigurationReference.Sections.Select(s => ConfigurationReference.SectionOf(s.Options) + ":").ToList();
        var shipped = ConfigurationReference.ShippedSettings
            .SelectMany(file => ConfigurationReference.Shipped(file.Path).Select(s => (file.Path, s.Key)))
            .Where(s => sections.Any(section => s.Key.StartsWith(section, StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(shipped);
        Assert.All(shipped, s => Assert.True(
            keys.Contains(s.Key) || keys.Contains(ListKey(s.Key)),
            $"{s.Path} sets '{s.Key}', which the reference does not list."));
    }

    /// <summary><c>Dashboard:Hosts:0</c> is an entry of <c>Dashboard:Hosts</c>; <c>Dashboard:Operators:0:Name</c> is <c>Dashboard:Operators:{n}:Name</c>.</summary>
    private static string ListKey(string key)
    {
        var listed = string.Join(':', key.Split(':').Select(part => part.All(char.IsAsciiDigit) ? "{n}" : part));
        return listed.EndsWith(":{n}", StringComparison.Ordinal) ? listed[..^":{n}".Length] : listed;
    }
}
