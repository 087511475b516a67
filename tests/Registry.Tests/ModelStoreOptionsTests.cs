using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Registry.Tests;

/// <summary>ModelStore:* as every program binds it (host, dashboard, CLI): an empty setting means unset.</summary>
public sealed class ModelStoreOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_or_blank_service_url_in_configuration_means_AWS_itself(string serviceUrl)
    {
        var options = Bind(new() { ["ModelStore:Uri"] = "s3://models", ["ModelStore:ServiceUrl"] = serviceUrl });

        Assert.Null(options.ServiceUrl);
        Assert.True(new ModelStoreOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_service_url_in_configuration_is_kept_as_given()
    {
        var options = Bind(new() { ["ModelStore:Uri"] = "s3://models", ["ModelStore:ServiceUrl"] = "http://127.0.0.1:4568" });

        Assert.Equal("http://127.0.0.1:4568", options.ServiceUrl);
    }

    private static ModelStoreOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new ModelStoreOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ModelStoreOptions.Section).Bind(options);
        return options;
    }
}
