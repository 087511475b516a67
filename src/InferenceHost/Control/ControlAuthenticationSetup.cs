using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Hotswap.InferenceHost.Control;

/// <summary>The control scheme (named token holders) and the <see cref="ControlTokenHandler.OperatorPolicy"/> that guards every control route and hub method.</summary>
public static class ControlAuthenticationSetup
{
    public static IServiceCollection AddControlAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<KnownOperators>();
        services.AddSingleton<IAuthorizationHandler, OperatorRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ControlRefusals>();
        // Not AddAuthentication: it also adds Data Protection, whose key ring the host would read, or create under
        // $HOME, as it starts (a new key on every Lambda cold start), for cookies and state this host never issues.
        services.AddAuthenticationCore(options => options.DefaultScheme = ControlTokenHandler.SchemeName);
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ControlTokenHandler>(ControlTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ControlTokenHandler.OperatorPolicy, policy => policy
                .AddAuthenticationSchemes(ControlTokenHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new OperatorRequirement()));
        return services;
    }
}
