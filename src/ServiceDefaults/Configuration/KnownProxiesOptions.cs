using System.ComponentModel;
using System.Net;
using Microsoft.Extensions.Options;

namespace Hotswap.ServiceDefaults.Configuration;

/// <summary>
/// <c>ForwardedHeaders:*</c>: the reverse proxies (load balancer, ingress) in front of a service, whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Read by the host and the dashboard.
/// </summary>
public sealed class KnownProxiesOptions
{
    public const string Section = "ForwardedHeaders";

    [Description("IP addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; empty ignores those headers.")]
    public string[] KnownProxies { get; set; } = [];
}

/// <summary>The <c>ForwardedHeaders:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class KnownProxiesKeys
{
    public const string KnownProxies = $"{KnownProxiesOptions.Section}:{nameof(KnownProxiesOptions.KnownProxies)}";
}

/// <summary>Refuses, at start-up, every entry that is not an IP address.</summary>
public sealed class KnownProxiesOptionsValidator : IValidateOptions<KnownProxiesOptions>
{
    public ValidateOptionsResult Validate(string? name, KnownProxiesOptions options)
    {
        var problems = options.KnownProxies
            .Where(address => !IPAddress.TryParse(address, out _))
            .Select(address => $"{KnownProxiesKeys.KnownProxies} lists '{address}', which is not an IP address.")
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
