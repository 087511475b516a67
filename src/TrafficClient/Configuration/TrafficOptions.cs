using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.TrafficClient.Configuration;

/// <summary><c>Traffic:*</c>: whom to ask, for which model, how often.</summary>
public sealed class TrafficOptions
{
    public const string Section = "Traffic";

    [Description("Base URLs of the inference hosts; requests take turns over them.")]
    public List<string> Hosts { get; set; } = [];

    [Description("The model each request asks for.")]
    public string Model { get; set; } = "iris_model";

    [Description("The row of features sent each time (sepal length, sepal width, petal width for the Iris model).")]
    public List<float> Features { get; set; } = [];

    [Description("The time between two requests.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The <c>Traffic:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class TrafficKeys
{
    public const string Hosts = $"{TrafficOptions.Section}:{nameof(TrafficOptions.Hosts)}";
    public const string Model = $"{TrafficOptions.Section}:{nameof(TrafficOptions.Model)}";
    public const string Features = $"{TrafficOptions.Section}:{nameof(TrafficOptions.Features)}";
    public const string Interval = $"{TrafficOptions.Section}:{nameof(TrafficOptions.Interval)}";
}

/// <summary>Reports every problem of <see cref="TrafficOptions"/> at once, at start-up.</summary>
public sealed class TrafficOptionsValidator : IValidateOptions<TrafficOptions>
{
    public ValidateOptionsResult Validate(string? name, TrafficOptions options)
    {
        var problems = new List<string>();
        if (options.Hosts.Count == 0)
        {
            problems.Add($"{TrafficKeys.Hosts} needs at least one host URL.");
        }

        problems.AddRange(options.Hosts
            .Where(h => !Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            .Select(h => $"{TrafficKeys.Hosts} entry '{h}' is not an absolute http(s) URL."));
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            problems.Add($"{TrafficKeys.Model} is required.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            problems.Add($"{TrafficKeys.Interval} is {options.Interval}; it must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
