using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary>Refuses, at start-up and outside Development, an operator token that is short or a demo value.</summary>
public sealed class ControlOptionsValidator(IHostEnvironment environment) : IValidateOptions<ControlOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlOptions options) =>
        OperatorTokenRule.Problem($"{ControlOptions.Section}:{nameof(ControlOptions.Token)}", options.Token, environment) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
