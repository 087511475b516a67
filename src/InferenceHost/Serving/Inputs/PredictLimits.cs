using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary><c>Predict:*</c>: what one prediction request may carry. Beyond these a request gets 413.</summary>
public sealed class PredictLimits
{
    public const string Section = "Predict";

    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Rows in one request (the first dimension of each input).</summary>
    public int MaxBatchRows { get; set; } = 10_000;

    /// <summary>Elements in one input tensor of one request.</summary>
    public int MaxTensorElements { get; set; } = 1_000_000;
}

public sealed class PredictLimitsValidator : IValidateOptions<PredictLimits>
{
    public ValidateOptionsResult Validate(string? name, PredictLimits options)
    {
        var problems = new List<string>();
        if (options.MaxBodyBytes <= 0)
        {
            problems.Add("Predict:MaxBodyBytes must be positive.");
        }

        if (options.MaxBatchRows <= 0)
        {
            problems.Add("Predict:MaxBatchRows must be positive.");
        }

        if (options.MaxTensorElements <= 0)
        {
            problems.Add("Predict:MaxTensorElements must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
