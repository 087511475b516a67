using System.Security.Claims;
using System.Text.Encodings.Web;
using Hotswap.Contracts;
using Hotswap.Contracts.Control;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Authenticates token holders by bearer token (<c>Authorization: Bearer …</c>, or <c>access_token</c> on the hub, where
/// WebSockets cannot send headers) against <see cref="KnownOperators"/>. The identity carries the holder's name and
/// role, and the person a <see cref="ControlHeaders.OnBehalfOf"/> header names; whether the holder may name one is
/// the <see cref="OperatorRequirement"/>'s to decide, so a refusal is a 403 that says why. Tokens are never logged.
/// </summary>
public sealed class ControlTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory, UrlEncoder encoder, KnownOperators operators)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ControlToken";
    public const string OperatorPolicy = "Operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (presented.Length == 0 || operators.Authenticate(presented) is not { } holder)
        {
            return Task.FromResult(AuthenticateResult.Fail("The operator token is not valid."));
        }

        List<Claim> claims = [new(ClaimTypes.Name, holder.Name), new(ClaimTypes.Role, holder.Role)];
        if (holder.ActsForOthers)
        {
            claims.Add(new Claim(ControlClaims.ActsForOthers, "true"));
        }

        if (Request.Headers[ControlHeaders.OnBehalfOf] is { Count: > 0 } person)
        {
            claims.Add(new Claim(ControlClaims.OnBehalfOf, person.ToString()));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? Presented()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments(HubPaths.Swap) && Request.Query["access_token"] is { Count: > 0 } token ? token.ToString() : null;
    }
}
