namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>A request the host refuses: the message names the model, the input and the exact problem.</summary>
public sealed class PredictionInputException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static PredictionInputException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static PredictionInputException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);
}
