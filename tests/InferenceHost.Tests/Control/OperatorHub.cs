using Hotswap.Contracts;
using Hotswap.Contracts.Control;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>A hub connection holding a token, and naming the person it acts for when given, as the dashboard's would.</summary>
public static class OperatorHub
{
    public static async Task<HubConnection> ConnectAsync(RunningHost host, string token, string? onBehalfOf = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Address, HubPaths.Swap), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (onBehalfOf is not null)
                {
                    o.Headers[ControlHeaders.OnBehalfOf] = onBehalfOf;
                }
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
