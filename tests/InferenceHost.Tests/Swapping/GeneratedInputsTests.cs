using System.Text;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Swapping;

namespace Hotswap.InferenceHost.Tests.Swapping;

public sealed class GeneratedInputsTests
{
    private static readonly PredictLimits Defaults = new();

    [Fact]
    public void Free_dimensions_are_tried_at_1_then_16_then_512()
    {
        Assert.Equal([1L, 16, 512], GeneratedInputs.Sizes(Signature(new TensorSpec("audio", "float32", [-1, -1])), Defaults));
    }

    [Fact]
    public void A_free_dimension_in_several_places_is_lowered_until_the_tensor_fits_the_generator_cap()
    {
        var sizes = GeneratedInputs.Sizes(Signature(new TensorSpec("volume", "float32", [-1, -1, -1, 4])), Defaults);

        Assert.Equal([1L, 16, 40], sizes);
        Assert.True(40L * 40 * 40 * 4 <= GeneratedInputs.MaxElements);
    }

    [Fact]
    public void Predict_MaxTensorElements_lowers_the_sizes_of_every_input()
    {
        var signature = Signature(new TensorSpec("audio", "float32", [-1, -1]), new TensorSpec("state", "float32", [2, -1, 4]));

        Assert.Equal([1L, 16, 22], GeneratedInputs.Sizes(signature, new PredictLimits { MaxTensorElements = 500 }));
    }

    [Fact]
    public void An_input_too_large_even_with_free_dimensions_of_1_gets_no_size_and_says_why()
    {
        var signature = Signature(new TensorSpec("image", "uint8", [-1, 3, 1024, 1024]));

        Assert.Empty(GeneratedInputs.Sizes(signature, Defaults));
        Assert.Equal($"input 'image' of shape [-1, 3, 1024, 1024] has more than {GeneratedInputs.MaxElements} elements even with free dimensions of 1", GeneratedInputs.TooLarge(signature, Defaults));
    }

    [Fact]
    public void A_dimension_of_2_to_the_40_beside_a_free_one_gets_no_size_and_names_input_and_shape()
    {
        var signature = Signature(new TensorSpec("wide", "float32", [-1, 1L << 40]));

        Assert.Empty(GeneratedInputs.Sizes(signature, Defaults));
        Assert.Equal($"input 'wide' of shape [-1, {1L << 40}] has more than {GeneratedInputs.MaxElements} elements even with free dimensions of 1", GeneratedInputs.TooLarge(signature, Defaults));
    }

    [Fact]
    public void Fixed_dimensions_whose_product_overflows_a_long_are_too_large_not_an_overflow()
    {
        var signature = Signature(new TensorSpec("grid", "float32", [1L << 32, 1L << 32, -1]));

        Assert.Empty(GeneratedInputs.Sizes(signature, Defaults));
        Assert.NotNull(GeneratedInputs.TooLarge(signature, Defaults));
    }

    [Fact]
    public void Sixty_four_free_dimensions_are_generated_at_size_1_only()
    {
        var signature = Signature(new TensorSpec("deep", "float32", [.. Enumerable.Repeat(-1L, 64)]));

        Assert.Equal([1L], GeneratedInputs.Sizes(signature, Defaults));
    }

    [Fact]
    public void Huge_dimensions_before_a_zero_count_as_the_empty_arrays_they_would_write()
    {
        var huge = Signature(new TensorSpec("empty", "float32", [1L << 40, 0]));
        var free = Signature(new TensorSpec("empty", "float32", [-1, 1000, 0]));

        Assert.Empty(GeneratedInputs.Sizes(huge, Defaults));
        Assert.Equal([1L, 16, 262], GeneratedInputs.Sizes(free, Defaults));
        Assert.Equal("""{"inputs":{"empty":[[[],[]]]}}""", Encoding.UTF8.GetString(GeneratedInputs.Body(Signature(new TensorSpec("empty", "float32", [-1, 2, 0])), 1)));
    }

    [Fact]
    public void A_signature_without_free_dimensions_is_tried_once()
    {
        var signature = Signature(new TensorSpec("window", "float32", [1, 16, 96]));

        Assert.Equal([1L], GeneratedInputs.Sizes(signature, Defaults));
        Assert.Equal("generated inputs", GeneratedInputs.Describe(signature, 1));
    }

    [Fact]
    public void Values_are_one_for_numbers_false_for_bool_and_a_for_strings_and_scalars_stay_scalars()
    {
        var signature = Signature(
            new TensorSpec("x", "float32", [-1, 2]),
            new TensorSpec("sr", "int64", []),
            new TensorSpec("mask", "bool", [-1]),
            new TensorSpec("city", "string", [-1, 1]));

        var body = Encoding.UTF8.GetString(GeneratedInputs.Body(signature, 2));

        Assert.Equal("""{"inputs":{"x":[[1,1],[1,1]],"sr":1,"mask":[false,false],"city":[["a"],["a"]]}}""", body);
    }

    private static ModelSignature Signature(params TensorSpec[] inputs) => new(inputs, [new TensorSpec("y", "float32", [-1, 1])]);
}
