using System.ComponentModel;
using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Configuration;

/// <summary><c>Dashboard:*</c>: the hosts to watch and drive, who may sign in, and where history is kept.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <remarks>Empty here: the binder appends configured items to a list's initial ones instead of replacing them.</remarks>
    [Description("Base URLs of the inference hosts the dashboard dials (their hubs are at /hubs/swap). May be empty: hosts with Fleet:DashboardUrl and Fleet:Token announce themselves.")]
    public List<string> Hosts { get; set; } = [];

    /// <remarks>Actions reach them through the store's desired state.</remarks>
    [Description("Base URLs of hosts without a hub (such as AWS Lambda function URLs), whose GET /status is read every Dashboard:StatusPollInterval.")]
    public List<string> PolledHosts { get; set; } = [];

    [Description("How often a polled host's status is read (at least 1 s).")]
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Description("The hosts' operator token, sent with every control action an operator signs off; a long random value outside Development.")]
    public string? OperatorToken { get; set; }

    [Description("People who may sign in: a name, a PBKDF2 hash (hash-password makes one) and a role.")]
    public List<OperatorAccount> Operators { get; set; } = [];

    [Description("How many swap events the feed keeps for pages that open later (10 to 100000).")]
    public int FeedCapacity { get; set; } = 500;

    [Description("The SQLite file that keeps the audit log and the swap feed across restarts.")]
    public string DatabasePath { get; set; } = ".hotswap/dashboard.db";

    [Description("Bearer tokens that may read GET /api/fleet (scripts, monitors), besides a signed-in person; each a long random value outside Development.")]
    public List<string> ApiTokens { get; set; } = [];

    [Description("How long a control action may wait for a host before its result is reported as a timeout.")]
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>One entry of <c>Dashboard:Operators</c>.</summary>
public sealed class OperatorAccount
{
    [Description("The name the person signs in with.")]
    public string Name { get; set; } = "";

    [Description("A PBKDF2 hash of the password, as 'hash-password <password>' prints it.")]
    public string PasswordHash { get; set; } = "";

    [Description("operator (acts) or viewer (reads only).")]
    public string Role { get; set; } = Roles.Viewer;
}

/// <summary>The <c>Dashboard:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class DashboardKeys
{
    public const string Hosts = $"{DashboardOptions.Section}:{nameof(DashboardOptions.Hosts)}";
    public const string PolledHosts = $"{DashboardOptions.Section}:{nameof(DashboardOptions.PolledHosts)}";
    public const string StatusPollInterval = $"{DashboardOptions.Section}:{nameof(DashboardOptions.StatusPollInterval)}";
    public const string OperatorToken = $"{DashboardOptions.Section}:{nameof(DashboardOptions.OperatorToken)}";
    public const string Operators = $"{DashboardOptions.Section}:{nameof(DashboardOptions.Operators)}";
    public const string FeedCapacity = $"{DashboardOptions.Section}:{nameof(DashboardOptions.FeedCapacity)}";
    public const string DatabasePath = $"{DashboardOptions.Section}:{nameof(DashboardOptions.DatabasePath)}";
    public const string ControlTimeout = $"{DashboardOptions.Section}:{nameof(DashboardOptions.ControlTimeout)}";
    public const string ApiTokens = $"{DashboardOptions.Section}:{nameof(DashboardOptions.ApiTokens)}";
}

/// <summary>Reports every problem of <see cref="DashboardOptions"/> at once, at start-up.</summary>
public sealed class DashboardOptionsValidator(IHostEnvironment environment) : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var problems = new List<string>();
        foreach (var (key, urls) in new[] { (DashboardKeys.Hosts, options.Hosts), (DashboardKeys.PolledHosts, options.PolledHosts) })
        {
            problems.AddRange(urls
                .Where(h => !Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                .Select(h => $"{key} entry '{h}' is not an absolute http(s) URL."));
        }

        problems.AddRange(options.Hosts.GroupBy(h => h.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"{DashboardKeys.Hosts} lists '{g.Key}' more than once."));
        var hubHosts = options.Hosts.Select(h => h.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        problems.AddRange(options.PolledHosts.GroupBy(h => h.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 || hubHosts.Contains(g.Key))
            .Select(g => $"{DashboardKeys.PolledHosts} lists '{g.Key}' more than once, or also in {DashboardKeys.Hosts}."));
        if (options.StatusPollInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{DashboardKeys.StatusPollInterval} is {options.StatusPollInterval}; use at least 00:00:01.");
        }

        foreach (var (account, i) in options.Operators.Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(account.Name))
            {
                problems.Add($"{DashboardKeys.Operators}:{i} has no Name.");
            }

            if (!Auth.OperatorPasswords.IsWellFormed(account.PasswordHash))
            {
                problems.Add($"{DashboardKeys.Operators}:{i} ({account.Name}) has no valid PasswordHash; make one with 'hash-password <password>'.");
            }

            if (account.Role is not (Roles.Operator or Roles.Viewer))
            {
                problems.Add($"{DashboardKeys.Operators}:{i} ({account.Name}) has role '{account.Role}'; use '{Roles.Operator}' or '{Roles.Viewer}'.");
            }
        }

        if (options.FeedCapacity is < 10 or > 100_000)
        {
            problems.Add($"{DashboardKeys.FeedCapacity} is {options.FeedCapacity}; use 10 to 100000.");
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            problems.Add($"{DashboardKeys.DatabasePath} is required.");
        }

        if (OperatorTokenRule.Problem(DashboardKeys.OperatorToken, options.OperatorToken, environment) is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }

        foreach (var (token, i) in options.ApiTokens.Select((t, i) => (t, i)))
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                problems.Add($"{DashboardKeys.ApiTokens}:{i} is empty.");
            }
            else if (OperatorTokenRule.Problem($"{DashboardKeys.ApiTokens}:{i}", token, environment) is { } apiTokenProblem)
            {
                problems.Add(apiTokenProblem);
            }
        }

        if (options.ControlTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{DashboardKeys.ControlTimeout} must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
