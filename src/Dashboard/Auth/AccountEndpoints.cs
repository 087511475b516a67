using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Auth;

/// <summary>Cookie sign-in for the operators listed in configuration; both forms carry an antiforgery token.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");
        account.MapPost("/login", SignInAsync);
        account.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("~/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string name, [FromForm] string password, [FromForm] string? returnUrl, IOptions<DashboardOptions> options)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        // Every name costs one hash check, so a wrong name and a wrong password take the same time.
        var account = options.Value.Operators.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        var valid = OperatorPasswords.Verify(password, account?.PasswordHash ?? UnknownAccountHash);
        if (account is null || !valid)
        {
            return TypedResults.LocalRedirect($"~/login?failed=true&returnUrl={Uri.EscapeDataString(target)}");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect("~" + (target.StartsWith('/') ? target : "/" + target));
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Contains("://", StringComparison.Ordinal);

    private static readonly string UnknownAccountHash = OperatorPasswords.Hash(Guid.NewGuid().ToString());
}
