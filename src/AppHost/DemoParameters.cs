namespace Hotswap.AppHost;

/// <summary>Secret parameters with a demo value that the command line or the environment replaces.</summary>
public static class DemoParameters
{
    /// <summary>
    /// The parameter <paramref name="name"/>: <c>--Parameters:NAME=VALUE</c> or <c>Parameters__NAME</c> when given,
    /// <paramref name="demoValue"/> otherwise. (Aspire's <c>AddParameter(name, value)</c> takes the value as fixed and
    /// ignores configuration.)
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddSecretParameter(this IDistributedApplicationBuilder builder, string name, string demoValue) =>
        builder.AddParameter(name, builder.Configuration[$"Parameters:{name}"] ?? demoValue, secret: true);
}
