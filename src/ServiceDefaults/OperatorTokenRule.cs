using Microsoft.Extensions.Hosting;

namespace Hotswap.ServiceDefaults;

/// <summary>
/// The rule for operator tokens, shared by the host's <c>Control:Token</c> and the dashboard's
/// <c>Dashboard:OperatorToken</c>: outside Development a configured token has at least <see cref="MinLength"/>
/// characters and is none of the demo values this repository ships. The token itself is never part of a message.
/// </summary>
public static class OperatorTokenRule
{
    public const int MinLength = 32;

    /// <summary>The tokens and placeholders of the demo stacks, the Kubernetes secret and the tests, in any case.</summary>
    private static readonly HashSet<string> DemoValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "change-me", "changeme", "local-operator-token", "local-dashboard-token", "local-fleet-token", "local-api-token", "test-operator-token", "operator-token", "token", "secret",
    };

    private static readonly HashSet<string> DemoHashes = new(
        DemoValues.SelectMany(v => new[] { v, v.ToUpperInvariant() }).Select(v => Convert.ToHexString(OperatorTokenHash.Of(v))),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The problem with <paramref name="token"/> under <paramref name="key"/>, or null when it may be used.</summary>
    public static string? Problem(string key, string? token, IHostEnvironment environment)
    {
        if (string.IsNullOrEmpty(token) || environment.IsDevelopment())
        {
            return null;
        }

        var rule = DemoValues.Contains(token.Trim())
            ? "is a demo value of this repository"
            : token.Length < MinLength ? $"is {token.Length} characters long" : null;
        return rule is null
            ? null
            : $"{key} {rule}; outside Development an operator token must be at least {MinLength} characters and not a demo value. " +
              $"Generate one (openssl rand -hex 32) and set it as {key.Replace(":", "__", StringComparison.Ordinal)} " +
              "(Kubernetes: the operator-token key of deploy/k8s/secrets.env; docker-compose: OPERATOR_TOKEN), " +
              $"or run with ASPNETCORE_ENVIRONMENT=Development for a local demo (environment now: {environment.EnvironmentName}).";
    }

    /// <summary>
    /// The problem with the token hash under <paramref name="key"/>, or null when it may be used: outside Development
    /// it is not the hash of a demo value (a hash cannot show a token's length: <c>hash-token</c> makes long ones).
    /// </summary>
    public static string? HashProblem(string key, string tokenHash, IHostEnvironment environment) =>
        environment.IsDevelopment() || !DemoHashes.Contains(tokenHash)
            ? null
            : $"{key} is the hash of a demo value of this repository; outside Development every operator needs a token of their own. " +
              $"Make a token and its hash with 'hotswap-publisher hash-token', or run with ASPNETCORE_ENVIRONMENT=Development for a local demo (environment now: {environment.EnvironmentName}).";
}
