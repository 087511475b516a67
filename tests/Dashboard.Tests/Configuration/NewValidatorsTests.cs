using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults.Configuration;

namespace Hotswap.Dashboard.Tests.Configuration;

/// <summary>The two sections that were bound without a validator: <c>Rollout</c> and <c>ForwardedHeaders</c>.</summary>
public sealed class NewValidatorsTests
{
    [Fact]
    public void The_defaults_of_both_sections_are_valid()
    {
        Assert.True(new RolloutPolicyValidator().Validate(null, new RolloutPolicy()).Succeeded);
        Assert.True(new KnownProxiesOptionsValidator().Validate(null, new KnownProxiesOptions()).Succeeded);
    }

    [Fact]
    public void A_negative_bake_time_is_refused_with_its_key_and_value() =>
        Assert.Equal(
            ["Rollout:BakeTime must not be negative; it is -00:00:01."],
            new RolloutPolicyValidator().Validate(null, new RolloutPolicy { BakeTime = TimeSpan.FromSeconds(-1) }).Failures);

    [Fact]
    public void Every_known_proxy_that_is_not_an_IP_address_is_named_at_once() =>
        Assert.Equal(
            ["ForwardedHeaders:KnownProxies lists 'proxy.example', which is not an IP address.",
             "ForwardedHeaders:KnownProxies lists '10.0.0.300', which is not an IP address."],
            new KnownProxiesOptionsValidator().Validate(null, new KnownProxiesOptions { KnownProxies = ["10.0.0.1", "proxy.example", "::1", "10.0.0.300"] }).Failures);
}
