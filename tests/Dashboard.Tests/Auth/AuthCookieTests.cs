using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Tests.Auth;

/// <summary>The sign-in cookie as the dashboard's own setup configures it, built for a request as ASP.NET Core builds it.</summary>
public sealed class AuthCookieTests
{
    [Fact]
    public void Over_https_the_sign_in_cookie_is_secure_http_only_and_same_site_strict()
    {
        var cookie = SignInCookie().Build(Request("https"));

        Assert.Equal((true, true, SameSiteMode.Strict), (cookie.Secure, cookie.HttpOnly, cookie.SameSite));
    }

    [Fact]
    public void The_sign_in_cookie_follows_the_scheme_of_the_request_so_plain_http_on_loopback_still_signs_in()
    {
        Assert.Equal(CookieSecurePolicy.SameAsRequest, SignInCookie().SecurePolicy);
        Assert.False(SignInCookie().Build(Request("http")).Secure);
    }

    private static CookieBuilder SignInCookie()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:Hosts:0"] = "http://127.0.0.1:1",
            ["Dashboard:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"hotswap-cookie-{Guid.NewGuid():N}", "dashboard.db"),
        });
        builder.AddDashboard();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie;
    }

    private static DefaultHttpContext Request(string scheme) => new() { Request = { Scheme = scheme, Host = new HostString("dashboard.example") } };
}
