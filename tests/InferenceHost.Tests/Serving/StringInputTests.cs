using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>String inputs are bounded like numbers: each string is one element of Predict:MaxTensorElements.</summary>
public sealed class StringInputTests
{
    private static readonly ServedModel Model = InProcessPrediction.Load(TypedIdentityModel.ToOnnx("string", [-1, 2]));

    [Fact]
    public void Each_string_counts_as_an_element_against_the_tensor_limit()
    {
        using var document = JsonDocument.Parse("""{"inputs": [["a", "b"], ["c", "d"]]}""");

        var refused = Assert.Throws<PredictionInputException>(() => InputBinder.FromMlflow(document.RootElement, Model, new PredictLimits { MaxTensorElements = 3 }));

        Assert.Equal(413, refused.StatusCode);
        Assert.Contains("more than 3 elements (Predict:MaxTensorElements)", refused.Message);
    }

    [Fact]
    public void Strings_within_the_limit_are_bound_whole()
    {
        var predictions = InProcessPrediction.Predict(Model, """{"inputs": [["a", "b"], ["c", "d"]]}""");

        Assert.Equal("""[["a","b"],["c","d"]]""", predictions.GetRawText());
    }
}
