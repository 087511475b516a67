using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Orchestration;

/// <summary>
/// The swap modes in which requests trigger the desired-state checks (<see cref="RequestTriggeredCheck"/>), as endpoint
/// filters on the prediction routes, added only in those modes: in the default <see cref="SwapMode.Poll"/> a request
/// carries no check for them at all. <see cref="SwapMode.OnRequest"/> notes each request (a due check runs in the
/// background); <see cref="SwapMode.Inline"/>, the seed's pattern kept as the benchmark's baseline, makes a request
/// wait for its model's convergence: the model of the route, else the one the host serves alone.
/// </summary>
public static class RequestTriggeredFilters
{
    public static TBuilder WithRequestTriggeredChecks<TBuilder>(this TBuilder builder, IServiceProvider services)
        where TBuilder : IEndpointConventionBuilder
    {
        var check = services.GetRequiredService<RequestTriggeredCheck>();
        switch (services.GetRequiredService<IOptions<SwapOptions>>().Value.Mode)
        {
            case SwapMode.OnRequest:
                builder.AddEndpointFilter((context, next) =>
                {
                    check.NoteRequest();
                    return next(context);
                });
                break;
            case SwapMode.Inline:
                var catalog = services.GetRequiredService<ServingCatalog>();
                builder.AddEndpointFilter(async (context, next) =>
                {
                    var http = context.HttpContext;
                    var model = http.Request.RouteValues["name"] as string ?? catalog.Single?.Model;
                    await check.ConvergeInlineAsync(model, http.RequestAborted);
                    return await next(context);
                });
                break;
        }

        return builder;
    }
}
