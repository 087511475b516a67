using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// The bodies a prediction may come in: JSON always, and for MLflow's scoring protocol also CSV (<c>text/csv</c>, as
/// MLflow's scoring server accepts it). Anything else is refused with 415.
/// </summary>
public static class MediaTypes
{
    /// <summary>True for a CSV body, false for JSON; throws (415) for any other media type.</summary>
    public static bool IsCsv(string? contentType, PredictFormat format)
    {
        if (IsJson(contentType))
        {
            return false;
        }

        if (format == PredictFormat.Mlflow && contentType is not null && contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw new PredictionInputException(
            StatusCodes.Status415UnsupportedMediaType,
            format == PredictFormat.Mlflow
                ? $"Send the body as JSON (Content-Type: application/json) or CSV with a header row (Content-Type: text/csv); got '{contentType}'."
                : $"Send the body as JSON with Content-Type: application/json (got '{contentType}').");
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));
}
