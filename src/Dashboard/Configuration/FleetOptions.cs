using System.ComponentModel;
using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Configuration;

/// <summary><c>Fleet:*</c>: the hosts that announce themselves over the fleet hub (<c>/hubs/fleet</c>) or report over HTTP.</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <remarks>Without one the fleet hub and the report endpoint refuse every host: nothing can announce itself.</remarks>
    [Description("The token hosts present (Authorization: Bearer) to announce themselves on /hubs/fleet or POST /api/fleet/reports; the hosts' Fleet:Token. Without it no host can announce itself. A long random value outside Development.")]
    public string? Token { get; set; }

    [Description("How long an announced host may be disconnected, or a reporting host silent, before it is shown stale.")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    [Description("How long a disconnected or silent host stays listed before the dashboard forgets it (longer than Fleet:StaleAfter).")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The <c>Fleet:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class FleetKeys
{
    public const string Token = $"{FleetOptions.Section}:{nameof(FleetOptions.Token)}";
    public const string StaleAfter = $"{FleetOptions.Section}:{nameof(FleetOptions.StaleAfter)}";
    public const string ForgetAfter = $"{FleetOptions.Section}:{nameof(FleetOptions.ForgetAfter)}";
}

/// <summary>Reports every problem of <see cref="FleetOptions"/> at once, at start-up.</summary>
public sealed class FleetOptionsValidator(IHostEnvironment environment) : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var problems = new List<string>();
        if (OperatorTokenRule.Problem(FleetKeys.Token, options.Token, environment) is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }

        if (options.StaleAfter <= TimeSpan.Zero)
        {
            problems.Add($"{FleetKeys.StaleAfter} is {options.StaleAfter}; it must be positive.");
        }

        if (options.ForgetAfter <= options.StaleAfter)
        {
            problems.Add($"{FleetKeys.ForgetAfter} is {options.ForgetAfter}; it must be longer than {FleetKeys.StaleAfter} ({options.StaleAfter}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
