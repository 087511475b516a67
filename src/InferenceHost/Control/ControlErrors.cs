using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Hotswap.InferenceHost.Control;

/// <summary>Maps the failures a control command can meet to the answer an operator should get.</summary>
public static class ControlErrors
{
    /// <summary>The problem to report, or null for an exception that is a bug and must surface as such.</summary>
    public static ProblemDetails? Classify(Exception e) => e switch
    {
        ArgumentException => Problem(StatusCodes.Status400BadRequest, "Invalid control request", e.Message),
        VersionNotFoundException => Problem(StatusCodes.Status404NotFound, "Unknown model or version", e.Message),
        CommandRefusedException => Problem(StatusCodes.Status409Conflict, "Command refused", e.Message),
        DesiredStateFormatException => Problem(StatusCodes.Status409Conflict, "The desired state in the store is invalid", e.Message),
        StoreException or SwapException { InnerException: StoreException } => Problem(StatusCodes.Status503ServiceUnavailable, "The model store is unavailable", e.Message),
        SwapException => Problem(StatusCodes.Status422UnprocessableEntity, "The version cannot be served", e.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
