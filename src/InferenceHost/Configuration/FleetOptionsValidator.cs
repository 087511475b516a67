using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Configuration;

/// <summary>
/// Reports every problem of <c>Fleet:*</c> at start-up: URLs that are not absolute http(s), a dashboard without a
/// token or, outside Development, with a short or demo one (<see cref="OperatorTokenRule"/>), durations that are not
/// positive.
/// </summary>
public sealed class FleetOptionsValidator(IHostEnvironment environment) : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        List<string> problems = [];
        if (options.DashboardUrl is { Length: > 0 } dashboard && !IsHttpUrl(dashboard))
        {
            problems.Add($"{FleetKeys.DashboardUrl} '{dashboard}' is not an absolute http or https URL (e.g. http://hotswap-dashboard:8080).");
        }

        if (options.Enabled && string.IsNullOrWhiteSpace(options.Token))
        {
            problems.Add($"{FleetKeys.Token} is required with {FleetKeys.DashboardUrl}: the dashboard refuses hosts without its fleet token.");
        }

        if (OperatorTokenRule.Problem(FleetKeys.Token, options.Token, environment) is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }

        if (options.BaseUrl is { Length: > 0 } baseUrl && !IsHttpUrl(baseUrl))
        {
            problems.Add($"{FleetKeys.BaseUrl} '{baseUrl}' is not an absolute http or https URL.");
        }

        if (options.ReportTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{FleetKeys.ReportTimeout} must be positive (it is {options.ReportTimeout}).");
        }

        if (options.ReconnectMaxDelay < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{FleetKeys.ReconnectMaxDelay} must be at least a second (it is {options.ReconnectMaxDelay}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is ("http" or "https");
}
