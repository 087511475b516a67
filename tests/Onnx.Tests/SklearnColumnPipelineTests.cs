using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx.Tests;

public sealed class SklearnColumnPipelineTests
{
    [Fact]
    public void The_pipeline_one_hot_encodes_the_city_and_adds_the_numeric_columns()
    {
        var pipeline = SklearnColumnPipeline.Houses;
        string[] cities = ["Paris", "Lyon", "Nantes"];
        float[] rooms = [3f, 5f, 1f];
        long[] ages = [20, 4, 100];

        var output = Predict(pipeline, cities, rooms, ages);

        var expected = cities.Select((city, row) => Expected(pipeline, city, rooms[row], ages[row]));
        Assert.Equal(expected, output, (a, b) => Math.Abs(a - b) < 1e-3f);
    }

    [Fact]
    public void A_city_never_seen_in_training_encodes_as_zeros()
    {
        var pipeline = SklearnColumnPipeline.Houses;

        var output = Predict(pipeline, ["Oslo"], [2f], [10]);

        Assert.Equal(pipeline.Intercept + (2f * pipeline.Coefficients[3]) + (10f * pipeline.Coefficients[4]), output[0], precision: 3);
    }

    private static float Expected(SklearnColumnPipeline pipeline, string city, float rooms, long age)
    {
        var oneHot = pipeline.Cities.Select(c => c == city ? 1f : 0f);
        float[] features = [.. oneHot, rooms, age];
        return pipeline.Intercept + features.Select((x, i) => x * pipeline.Coefficients[i]).Sum();
    }

    private static float[] Predict(SklearnColumnPipeline pipeline, string[] cities, float[] rooms, long[] ages)
    {
        using var session = new InferenceSession(pipeline.ToOnnx());
        int[] column = [cities.Length, 1];
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(SklearnColumnPipeline.CityInput, new DenseTensor<string>(cities, column)),
            NamedOnnxValue.CreateFromTensor(SklearnColumnPipeline.RoomsInput, new DenseTensor<float>(rooms, column)),
            NamedOnnxValue.CreateFromTensor(SklearnColumnPipeline.AgeInput, new DenseTensor<long>(ages, column)),
        ]);
        var output = results.Single(r => r.Name == SklearnColumnPipeline.Output).AsTensor<float>();
        Assert.Equal([cities.Length, 1], output.Dimensions.ToArray());
        return output.ToArray();
    }
}
