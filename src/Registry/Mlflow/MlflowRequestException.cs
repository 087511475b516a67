using System.Net;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// MLflow's tracking server could not answer what was asked, or refused it: the message names the endpoint, the model
/// and what MLflow said (its <c>error_code</c> and message), or why it could not be reached.
/// </summary>
public sealed class MlflowRequestException(string message, HttpStatusCode? status = null, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status MLflow answered; null when it did not answer.</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>MLflow's <c>error_code</c> (RESOURCE_DOES_NOT_EXIST, PERMISSION_DENIED…), when it sent one.</summary>
    public string? ErrorCode { get; } = errorCode;

    public bool IsNotFound => ErrorCode == "RESOURCE_DOES_NOT_EXIST" || Status == HttpStatusCode.NotFound;
}
