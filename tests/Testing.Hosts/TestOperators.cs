using System.Net.Http.Headers;
using Hotswap.Contracts.Control;
using Hotswap.ServiceDefaults;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// The named token holders every test host knows (<c>Control:Operators</c>), beside the shared
/// <see cref="RunningHost.OperatorToken"/>: two operators, a viewer, and the dashboard, which may act for others.
/// </summary>
public static class TestOperators
{
    public const string AliceToken = "hotswap-tests-alice-token-0c5e2a9b71d4";
    public const string BobToken = "hotswap-tests-bob-token-7f31b8d0e26c";
    public const string ViewerToken = "hotswap-tests-viewer-token-4a9d1e6c03b8";
    public const string DashboardToken = "hotswap-tests-dashboard-token-9b2f7c4e18a5";

    /// <summary>The <c>Control:Operators</c> entries, as configuration keys.</summary>
    public static Dictionary<string, string?> Configuration()
    {
        (string Name, string Token, string Role, bool ActsForOthers)[] entries =
        [
            ("alice", AliceToken, "operator", false),
            ("bob", BobToken, "operator", false),
            ("carol", ViewerToken, "viewer", false),
            ("dashboard", DashboardToken, "operator", true),
        ];
        var configuration = new Dictionary<string, string?>();
        foreach (var ((name, token, role, actsForOthers), i) in entries.Select((e, i) => (e, i)))
        {
            configuration[$"Control:Operators:{i}:Name"] = name;
            configuration[$"Control:Operators:{i}:TokenHash"] = Convert.ToHexStringLower(OperatorTokenHash.Of(token));
            configuration[$"Control:Operators:{i}:Role"] = role;
            configuration[$"Control:Operators:{i}:ActsForOthers"] = actsForOthers ? "true" : "false";
        }

        return configuration;
    }

    /// <summary>A client of <paramref name="host"/> holding <paramref name="token"/>, naming <paramref name="onBehalfOf"/> when given.</summary>
    public static HttpClient Client(Uri host, string token, string? onBehalfOf = null)
    {
        var client = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (onBehalfOf is not null)
        {
            client.DefaultRequestHeaders.Add(ControlHeaders.OnBehalfOf, onBehalfOf);
        }

        return client;
    }
}
