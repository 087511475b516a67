using Hotswap.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Announcements;

/// <summary>
/// Who may use the fleet routes: hosts with the fleet token (<c>Fleet:Token</c>) on the hub and the report endpoint;
/// a signed-in person or a <c>Dashboard:ApiTokens</c> bearer on <c>GET /api/fleet</c>. The fleet token is not an
/// operator's credential and opens nothing else.
/// </summary>
public static class FleetAuthentication
{
    public const string HostScheme = "FleetHost";
    public const string ApiScheme = "ApiToken";
    public const string ReaderScheme = "FleetReader";
    public const string HostPolicy = "FleetHost";
    public const string ReaderPolicy = "FleetReader";

    public static AuthenticationBuilder AddFleetSchemes(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddOptions<BearerTokenOptions>(HostScheme).Configure<IOptions<FleetOptions>>((o, fleet) =>
        {
            o.Tokens = new TokenSet([fleet.Value.Token]);
            o.Holder = "fleet (Fleet:Token)";
        });
        services.AddOptions<BearerTokenOptions>(ApiScheme).Configure<IOptions<DashboardOptions>>((o, dashboard) =>
        {
            o.Tokens = new TokenSet(dashboard.Value.ApiTokens);
            o.Holder = "Dashboard:ApiTokens";
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(HostPolicy, policy => policy.AddAuthenticationSchemes(HostScheme).RequireAuthenticatedUser())
            .AddPolicy(ReaderPolicy, policy => policy.AddAuthenticationSchemes(ReaderScheme).RequireAuthenticatedUser());
        return authentication
            .AddScheme<BearerTokenOptions, BearerTokenHandler>(HostScheme, null)
            .AddScheme<BearerTokenOptions, BearerTokenHandler>(ApiScheme, null)
            // A script sends a bearer token, a browser its sign-in cookie; either way a refusal is a 401, not a redirect to the sign-in page.
            .AddPolicyScheme(ReaderScheme, null, o =>
            {
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? ApiScheme : CookieAuthenticationDefaults.AuthenticationScheme;
                o.ForwardChallenge = ApiScheme;
                o.ForwardForbid = ApiScheme;
            });
    }
}
