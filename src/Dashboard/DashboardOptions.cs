using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard;

/// <summary><c>Dashboard:*</c>: the hosts to watch and drive, who may sign in, and where history is kept.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Base URLs of the inference hosts (their hubs are at <c>/hubs/swap</c>); appsettings.json names one.</summary>
    /// <remarks>Empty here: the binder appends configured items to a list's initial ones instead of replacing them.</remarks>
    public List<string> Hosts { get; set; } = [];

    /// <summary>
    /// Base URLs of hosts without a hub to connect to, such as AWS Lambda function URLs: their <c>GET /status</c> is
    /// read every <see cref="StatusPollInterval"/>. Actions reach them through the store's desired state.
    /// </summary>
    public List<string> PolledHosts { get; set; } = [];

    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The hosts' operator token, sent with every control action an operator signs off.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>People who may sign in: a name, a PBKDF2 hash (<c>hash-password</c> makes one) and a role.</summary>
    public List<OperatorAccount> Operators { get; set; } = [];

    /// <summary>How many swap events the feed keeps for pages that open later.</summary>
    public int FeedCapacity { get; set; } = 500;

    /// <summary>The SQLite file that keeps the audit log and the swap feed across restarts.</summary>
    public string DatabasePath { get; set; } = ".hotswap/dashboard.db";

    /// <summary>How long a control action may wait for a host before its result is reported as a timeout.</summary>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

public sealed class OperatorAccount
{
    public string Name { get; set; } = "";
    public string PasswordHash { get; set; } = "";

    /// <summary><c>operator</c> (acts) or <c>viewer</c> (reads only).</summary>
    public string Role { get; set; } = Roles.Viewer;
}

public static class Roles
{
    public const string Operator = "operator";
    public const string Viewer = "viewer";
}

/// <summary>Reports every problem of <see cref="DashboardOptions"/> at once, at start-up.</summary>
public sealed class DashboardOptionsValidator(IHostEnvironment environment) : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var problems = new List<string>();
        if (options.Hosts.Count == 0 && options.PolledHosts.Count == 0)
        {
            problems.Add("Dashboard:Hosts needs at least one host URL.");
        }

        foreach (var (section, urls) in new[] { ("Hosts", options.Hosts), ("PolledHosts", options.PolledHosts) })
        {
            problems.AddRange(urls
                .Where(h => !Uri.TryCreate(h, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                .Select(h => $"Dashboard:{section} entry '{h}' is not an absolute http(s) URL."));
        }

        problems.AddRange(options.Hosts.GroupBy(h => h.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"Dashboard:Hosts lists '{g.Key}' more than once."));
        var hubHosts = options.Hosts.Select(h => h.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        problems.AddRange(options.PolledHosts.GroupBy(h => h.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 || hubHosts.Contains(g.Key))
            .Select(g => $"Dashboard:PolledHosts lists '{g.Key}' more than once, or also in Dashboard:Hosts."));
        if (options.StatusPollInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"Dashboard:StatusPollInterval is {options.StatusPollInterval}; use at least 00:00:01.");
        }

        foreach (var (account, i) in options.Operators.Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(account.Name))
            {
                problems.Add($"Dashboard:Operators:{i} has no Name.");
            }

            if (!Auth.OperatorPasswords.IsWellFormed(account.PasswordHash))
            {
                problems.Add($"Dashboard:Operators:{i} ({account.Name}) has no valid PasswordHash; make one with 'hash-password <password>'.");
            }

            if (account.Role is not (Roles.Operator or Roles.Viewer))
            {
                problems.Add($"Dashboard:Operators:{i} ({account.Name}) has role '{account.Role}'; use '{Roles.Operator}' or '{Roles.Viewer}'.");
            }
        }

        if (options.FeedCapacity is < 10 or > 100_000)
        {
            problems.Add($"Dashboard:FeedCapacity is {options.FeedCapacity}; use 10 to 100000.");
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            problems.Add("Dashboard:DatabasePath is required.");
        }

        if (OperatorTokenRule.Problem($"{DashboardOptions.Section}:{nameof(DashboardOptions.OperatorToken)}", options.OperatorToken, environment) is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }

        if (options.ControlTimeout <= TimeSpan.Zero)
        {
            problems.Add("Dashboard:ControlTimeout must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
