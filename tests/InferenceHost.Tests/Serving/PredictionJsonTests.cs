using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Serving;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>Outputs that are not tensors, written as JSON: sequences as arrays, maps as objects keyed by their keys.</summary>
public sealed class PredictionJsonTests
{
    [Fact]
    public void A_sequence_of_tensors_is_an_array_of_their_arrays()
    {
        using var first = OrtValue.CreateTensorValueFromMemory([1f, 2f], [2]);
        using var second = OrtValue.CreateTensorValueFromMemory([3f, 4f, 5f], [3]);
        using var sequence = OrtValue.CreateSequence([first, second]);

        Assert.Equal("[[1,2],[3,4,5]]", Write(sequence));
    }

    [Fact]
    public void A_map_with_string_keys_is_an_object_of_its_values()
    {
        using var map = OrtValue.CreateMapWithStringKeys(["setosa", "versicolor"], [0.25f, 0.75f]);

        Assert.Equal("""{"setosa":0.25,"versicolor":0.75}""", Write(map));
    }

    [Fact]
    public void A_sequence_of_maps_with_int64_keys_is_an_array_of_objects_keyed_by_label()
    {
        using var row0 = OrtValue.CreateMap<long, float>([0, 1, 2], [0.5f, 0.25f, 0.25f]);
        using var row1 = OrtValue.CreateMap<long, float>([0, 1, 2], [0f, 0f, 1f]);
        using var sequence = OrtValue.CreateSequence([row0, row1]);

        Assert.Equal("""[{"0":0.5,"1":0.25,"2":0.25},{"0":0,"1":0,"2":1}]""", Write(sequence));
    }

    private static string Write(OrtValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PredictionJson.WriteOutputs(writer, [value], ["output"], flattenColumn: false);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
