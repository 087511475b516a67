using System.Net;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

namespace Hotswap.Dashboard.EndToEnd.Tests.Auth;

/// <summary>The dashboard's own HTTP endpoints, called the way a forged page or a script would.</summary>
public sealed class DashboardEndpointTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(fleet.Dashboard.BaseUrl) };

    [Fact]
    public async Task A_sign_in_posted_without_the_antiforgery_token_is_refused()
    {
        using var client = Client();
        var account = DashboardAccounts.Named(DashboardAccounts.Operator);

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = account.Name, ["password"] = account.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), "a forged sign-in must not set the auth cookie");
    }

    [Fact]
    public async Task A_sign_out_posted_without_the_antiforgery_token_is_refused()
    {
        using var client = Client();

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/audit.csv")]
    [InlineData("/audit")]
    public async Task The_audit_page_and_its_export_send_anonymous_callers_to_the_sign_in_page(string path)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
