using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Announcements;

/// <summary>A scheme that accepts <c>Authorization: Bearer</c> with one of <see cref="Tokens"/>.</summary>
public sealed class BearerTokenOptions : AuthenticationSchemeOptions
{
    public TokenSet Tokens { get; set; } = new([]);

    /// <summary>Who a caller holding one of the tokens is, as the audit and logs name it.</summary>
    public string Holder { get; set; } = "";
}

/// <summary>
/// Authenticates a request by its bearer token (<see cref="BearerTokenOptions"/>); a missing or wrong token is
/// answered 401 with a ProblemDetails naming what was expected.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<BearerTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BearerTokenOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!Options.Tokens.Contains(header[Prefix.Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The bearer token is not a {Options.Holder} token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Options.Holder)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem(
            $"{Request.Path} needs Authorization: Bearer with a {Options.Holder} token; the request had {(Request.Headers.Authorization.Count == 0 ? "none" : "another")}.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Not authenticated").ExecuteAsync(Context);
    }
}
