using System.ComponentModel;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary><c>Control:*</c>: the operator token every control call must carry.</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    [Description("The bearer token of operators (at least 32 characters outside Development); empty refuses control to everyone.")]
    public string? Token { get; set; }
}

/// <summary>
/// Authenticates operators by bearer token (<c>Authorization: Bearer …</c>, or <c>access_token</c> on the hub, where
/// WebSockets cannot send headers). Tokens are compared in constant time and never logged.
/// </summary>
public sealed class ControlTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory, UrlEncoder encoder, IOptions<ControlOptions> control)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ControlToken";
    public const string OperatorPolicy = "Operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (control.Value.Token is not { Length: > 0 } expected || !TokensEqual(presented, expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("The operator token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, "operator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? Presented()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments(Contracts.HubPaths.Swap) && Request.Query["access_token"] is { Count: > 0 } token ? token.ToString() : null;
    }

    // Hashing first makes the comparison constant-time in the length too.
    private static bool TokensEqual(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
