using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx.Tests;

public sealed class TypedIdentityModelTests
{
    public static TheoryData<string> DTypes => [.. TypedIdentityModel.DTypes];

    [Fact]
    public void Every_canonical_element_type_has_a_graph()
    {
        string[] canonical = ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "string"];

        Assert.Equal(canonical.Order(StringComparer.Ordinal), TypedIdentityModel.DTypes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Values_of_each_element_type_come_back_unchanged(string dtype)
    {
        using var session = new InferenceSession(TypedIdentityModel.ToOnnx(dtype, [-1, 2]));

        switch (dtype)
        {
            case "float32": AssertRoundTrip(session, [1.5f, -2f, float.MaxValue, 0f]); break;
            case "float64": AssertRoundTrip(session, [1.5, -2.25, double.MaxValue, 1e-300]); break;
            case "float16": AssertRoundTrip(session, [(Float16)1.5f, (Float16)(-2f), (Float16)65504f, (Float16)0.25f]); break;
            case "bfloat16": AssertRoundTrip(session, [(BFloat16)1.5f, (BFloat16)(-2f), (BFloat16)3e38f, (BFloat16)0.25f]); break;
            case "int8": AssertRoundTrip(session, new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue }); break;
            case "int16": AssertRoundTrip(session, new short[] { short.MinValue, -1, 0, short.MaxValue }); break;
            case "int32": AssertRoundTrip(session, [int.MinValue, -1, 0, int.MaxValue]); break;
            case "int64": AssertRoundTrip(session, [long.MinValue, -1L, 0L, long.MaxValue]); break;
            case "uint8": AssertRoundTrip(session, new byte[] { 0, 1, 128, byte.MaxValue }); break;
            case "uint16": AssertRoundTrip(session, new ushort[] { 0, 1, 40000, ushort.MaxValue }); break;
            case "uint32": AssertRoundTrip(session, [0u, 1u, 3_000_000_000u, uint.MaxValue]); break;
            case "uint64": AssertRoundTrip(session, [0ul, 1ul, 10_000_000_000_000_000_000ul, ulong.MaxValue]); break;
            case "bool": AssertRoundTrip(session, [true, false, false, true]); break;
            case "string": AssertRoundTrip(session, ["Paris", "", "Zürich", "a \"quoted\" word"]); break;
            default: Assert.Fail($"No values for {dtype}"); break;
        }
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void The_graph_declares_its_element_type_with_a_free_batch_dimension(string dtype)
    {
        using var session = new InferenceSession(TypedIdentityModel.ToOnnx(dtype, [-1, 3]));

        Assert.Equal([-1, 3], session.InputMetadata["x"].Dimensions);
        Assert.Equal(session.InputMetadata["x"].ElementDataType, session.OutputMetadata["y"].ElementDataType);
    }

    [Fact]
    public void A_cast_graph_converts_int64_to_float32()
    {
        using var session = new InferenceSession(TypedIdentityModel.ToOnnxWithCast("int64", "float32", [-1, 2]));

        var output = Run<long, float>(session, [3L, -7L, 1L << 24, 0L]);

        Assert.Equal([3f, -7f, 16_777_216f, 0f], output);
    }

    [Fact]
    public void A_cast_graph_parses_strings_as_float32()
    {
        using var session = new InferenceSession(TypedIdentityModel.ToOnnxWithCast("string", "float32", [-1, 2]));

        var output = Run<string, float>(session, ["2.5", "-1", "1e3", "0"]);

        Assert.Equal([2.5f, -1f, 1000f, 0f], output);
    }

    [Fact]
    public void A_name_that_is_not_a_canonical_element_type_is_refused_with_the_list()
    {
        var error = Assert.Throws<ArgumentException>(() => TypedIdentityModel.ToOnnx("str", [-1]));

        Assert.Contains("'str' is not a canonical element type (float32,", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip<T>(InferenceSession session, T[] values) =>
        Assert.Equal(values, Run<T, T>(session, values));

    private static TOut[] Run<TIn, TOut>(InferenceSession session, TIn[] values)
    {
        var input = NamedOnnxValue.CreateFromTensor("x", new DenseTensor<TIn>(values, [values.Length / 2, 2]));
        using var results = session.Run([input]);
        return results.Single().AsTensor<TOut>().ToArray();
    }
}
