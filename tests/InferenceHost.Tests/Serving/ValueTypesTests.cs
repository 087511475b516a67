using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>Which ONNX value types a version may have to be served; the rest is refused when it loads, by name.</summary>
public sealed class ValueTypesTests
{
    [Theory]
    [InlineData("float16")]
    [InlineData("bfloat16")]
    [InlineData("uint64")]
    [InlineData("int8")]
    [InlineData("bool")]
    [InlineData("string")]
    public void Every_tensor_element_type_is_served_as_an_input_and_an_output(string dtype)
    {
        Assert.True(ValueTypes.IsServedInput(dtype));
        Assert.True(ValueTypes.IsServedOutput(dtype));
    }

    [Theory]
    [InlineData("seq(map(int64,float32))")]
    [InlineData("seq(map(string,float32))")]
    [InlineData("seq(tensor(float32))")]
    [InlineData("map(string,float64)")]
    public void Sequences_and_maps_are_served_as_outputs_only(string type)
    {
        Assert.True(ValueTypes.IsServedOutput(type));
        Assert.False(ValueTypes.IsServedInput(type));
    }

    [Theory]
    [InlineData("complex64")]
    [InlineData("seq(seq(tensor(float32)))")]
    [InlineData("seq(map(float32,float32))")]
    [InlineData("map(int64,complex64)")]
    [InlineData("optional")]
    public void Other_types_are_refused(string type)
    {
        Assert.False(ValueTypes.IsServedOutput(type));
        Assert.False(ValueTypes.IsServedInput(type));
    }
}
