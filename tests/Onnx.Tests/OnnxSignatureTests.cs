using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Onnx.Tests;

/// <summary>The signature read from a loaded graph spells every type canonically, non-tensors as ONNX does.</summary>
public sealed class OnnxSignatureTests
{
    public static TheoryData<string> DTypes => [.. TypedIdentityModel.DTypes];

    [Theory]
    [MemberData(nameof(DTypes))]
    public void A_tensor_is_spelled_by_its_canonical_element_type(string dtype)
    {
        using var session = new InferenceSession(TypedIdentityModel.ToOnnx(dtype, [-1, 2]));

        var signature = OnnxSignature.Read(session);

        Assert.Equal(dtype, signature.Inputs.Single().DType);
        Assert.Equal(dtype, signature.Outputs.Single().DType);
        Assert.Equal([-1L, 2L], signature.Inputs.Single().Shape);
    }

    [Fact]
    public void A_zipmap_output_is_a_sequence_of_maps_with_canonical_names_inside()
    {
        using var session = new InferenceSession(SklearnLogisticRegression.Iris.ToOnnx());

        var signature = OnnxSignature.Read(session);

        Assert.Equal("seq(map(int64,float32))", signature.Outputs.Single(o => o.Name == SklearnOutputs.Probability).DType);
        Assert.Empty(signature.Outputs.Single(o => o.Name == SklearnOutputs.Probability).Shape);
    }

    [Fact]
    public void A_string_column_of_a_pipeline_is_spelled_string()
    {
        using var session = new InferenceSession(SklearnColumnPipeline.Houses.ToOnnx());

        var signature = OnnxSignature.Read(session);

        Assert.Equal(["string", "float32", "int64"], signature.Inputs.Select(i => i.DType));
    }
}
