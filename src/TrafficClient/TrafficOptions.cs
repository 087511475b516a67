using Microsoft.Extensions.Options;

namespace Hotswap.TrafficClient;

/// <summary><c>Traffic:*</c>: whom to ask, for which model, how often.</summary>
public sealed class TrafficOptions
{
    public const string Section = "Traffic";

    /// <summary>Base URLs of the inference hosts; requests take turns over them.</summary>
    public List<string> Hosts { get; set; } = [];

    public string Model { get; set; } = "iris_model";

    /// <summary>The row of features sent each time (sepal length, sepal width, petal width for the Iris model).</summary>
    public List<float> Features { get; set; } = [];

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Reports every problem of <see cref="TrafficOptions"/> at once, at start-up.</summary>
public sealed class TrafficOptionsValidator : IValidateOptions<TrafficOptions>
{
    public ValidateOptionsResult Validate(string? name, TrafficOptions options)
    {
        var problems = new List<string>();
        if (options.Hosts.Count == 0)
        {
            problems.Add("Traffic:Hosts needs at least one host URL.");
        }

        problems.AddRange(options.Hosts
            .Where(h => !Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            .Select(h => $"Traffic:Hosts entry '{h}' is not an absolute http(s) URL."));
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            problems.Add("Traffic:Model is required.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            problems.Add($"Traffic:Interval is {options.Interval}; it must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
