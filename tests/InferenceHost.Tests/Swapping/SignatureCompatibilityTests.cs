using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Swapping;

namespace Hotswap.InferenceHost.Tests.Swapping;

public sealed class SignatureCompatibilityTests
{
    private static readonly ModelSignature Iris = new([new("features", "float32", [-1, 3])], [new("y", "float32", [-1, 1])]);

    [Fact]
    public void The_same_inputs_with_another_output_are_compatible() =>
        Assert.Null(SignatureCompatibility.Check(Iris, Iris with { Outputs = [new("score", "float64", [-1])] }));

    [Fact]
    public void A_new_required_input_is_incompatible() =>
        Assert.Contains("needs input 'extra'", SignatureCompatibility.Check(Iris, Iris with { Inputs = [.. Iris.Inputs, new("extra", "int64", [-1, 1])] }));

    [Fact]
    public void A_changed_element_type_is_incompatible() =>
        Assert.Contains("from float32 to float64", SignatureCompatibility.Check(Iris, Iris with { Inputs = [new("features", "float64", [-1, 3])] }));

    [Fact]
    public void A_free_dimension_becoming_fixed_is_compatible() =>
        Assert.Null(SignatureCompatibility.Check(Iris, Iris with { Inputs = [new("features", "float32", [1, 3])] }));
}
