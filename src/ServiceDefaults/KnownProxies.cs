using System.Net;
using Hotswap.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotswap.ServiceDefaults;

/// <summary>
/// <c>ForwardedHeaders:KnownProxies</c>: the addresses of the reverse proxies (load balancer, ingress) in front of a
/// service. Only a request from one of them has its <c>X-Forwarded-For</c> (the client's address, which rate limits and
/// sign-in throttling key on) and <c>X-Forwarded-Proto</c> (https, for secure cookies) believed. With none listed the
/// headers are ignored and nothing is added to the request path: any client can send them.
/// </summary>
public static class KnownProxies
{
    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<KnownProxiesOptions>>().Value.KnownProxies;
        if (configured.Length == 0)
        {
            return app;
        }

        // Only the proxy next to us is trusted: the entries it appended before, any client could have written.
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in configured)
        {
            options.KnownProxies.Add(IPAddress.Parse(address));
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
