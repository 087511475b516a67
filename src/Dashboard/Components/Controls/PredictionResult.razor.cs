using System.Globalization;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;

namespace Hotswap.Dashboard.Components.Controls;

public sealed partial class PredictionResult
{
    private ClassifierAnswerViewModel? _classes;

    [Parameter, EditorRequired] public required PredictionOutcome Outcome { get; set; }

    /// <summary>Reads the class probabilities once per answer, not on every render.</summary>
    protected override void OnParametersSet() =>
        _classes = Outcome.Succeeded ? ClassifierAnswerViewModel.TryRead(Outcome.Body) : null;

    private static string Probability(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–";
}
