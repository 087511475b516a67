using System.Security.Claims;
using Hotswap.Dashboard.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Auth;

/// <summary>
/// Cookie sign-in for the operators listed in configuration, throttled per name and per address; both forms carry an
/// antiforgery token.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");
        account.MapPost("/login", SignInAsync);
        account.MapPost("/logout", (Delegate)SignOutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string name, [FromForm] string password, [FromForm] string? returnUrl, IOptions<DashboardOptions> options, SignInThrottle throttle)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var wait = throttle.RetryAfter(name, address);
        if (wait > TimeSpan.Zero)
        {
            // Refused before the password is checked, so a throttled guess tells nothing, right or wrong.
            var minutes = (int)Math.Ceiling(wait.TotalMinutes);
            return TypedResults.LocalRedirect($"~/login?retryInMinutes={minutes}&returnUrl={Uri.EscapeDataString(target)}");
        }

        // Every name costs one hash check, so a wrong name and a wrong password take the same time.
        var account = options.Value.Operators.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        var valid = OperatorPasswords.Verify(password, account?.PasswordHash ?? UnknownAccountHash);
        if (account is null || !valid)
        {
            throttle.RecordFailure(name, address);
            return TypedResults.LocalRedirect($"~/login?failed=true&returnUrl={Uri.EscapeDataString(target)}");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect("~" + (target.StartsWith('/') ? target : "/" + target));
    }

    /// <remarks>
    /// The form has no fields to bind, so nothing checks the token the antiforgery middleware validated: this does,
    /// or another site could sign an operator out.
    /// </remarks>
    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.Problem("The sign-out form's antiforgery token is missing or not valid.", statusCode: StatusCodes.Status400BadRequest, title: "The request was refused");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("~/");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Contains("://", StringComparison.Ordinal);

    private static readonly string UnknownAccountHash = OperatorPasswords.Hash(Guid.NewGuid().ToString());
}
