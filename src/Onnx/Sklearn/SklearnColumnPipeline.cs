namespace Hotswap.Onnx;

/// <summary>
/// A scikit-learn Pipeline(ColumnTransformer(OneHotEncoder(handle_unknown="ignore") on <c>city</c>, passthrough
/// <c>rooms</c> and <c>age</c>), LinearRegression) as skl2onnx exports it: inputs <c>city</c> string [-1, 1],
/// <c>rooms</c> float32 [-1, 1], <c>age</c> int64 [-1, 1] → OneHotEncoder (cats_strings) + Reshape, Cast of
/// <c>age</c>, Concat (axis 1) → LinearRegressor → <c>variable</c> float32 [-1, 1].
/// </summary>
/// <param name="Cities">The categories, in the order of their one-hot columns; another city encodes as all zeros.</param>
/// <param name="Coefficients">One weight per city, then the weight of rooms, then of age.</param>
public sealed record SklearnColumnPipeline(string[] Cities, float[] Coefficients, float Intercept)
{
    public const string CityInput = "city";
    public const string RoomsInput = "rooms";
    public const string AgeInput = "age";
    public const string Output = "variable";

    /// <summary>A house-price regression over three cities.</summary>
    public static SklearnColumnPipeline Houses { get; } = new(["Lyon", "Paris", "Nantes"], [120f, 310f, 95f, 42.5f, -1.25f], 50f);

    public byte[] ToOnnx() =>
        new OnnxGraph("column_pipeline")
            .Input(CityInput, OnnxType.Tensor(OnnxElementType.String, [-1, 1]))
            .Input(RoomsInput, OnnxType.Tensor(OnnxElementType.Float, [-1, 1]))
            .Input(AgeInput, OnnxType.Tensor(OnnxElementType.Int64, [-1, 1]))
            .MlNode("OneHotEncoder", [CityInput], ["city_onehot"], OnnxAttribute.Strings("cats_strings", Cities), OnnxAttribute.Int("zeros", 1))
            .Int64Initializer("city_shape", [2], [-1, Cities.Length])
            .Node("Reshape", ["city_onehot", "city_shape"], ["city_encoded"])
            .Node("Cast", [AgeInput], ["age_float"], OnnxAttribute.Int("to", OnnxElementType.Float))
            .Node("Concat", ["city_encoded", RoomsInput, "age_float"], ["transformed_column"], OnnxAttribute.Int("axis", 1))
            .MlNode(
                "LinearRegressor",
                ["transformed_column"],
                [Output],
                OnnxAttribute.Floats("coefficients", Coefficients),
                OnnxAttribute.Floats("intercepts", [Intercept]),
                OnnxAttribute.Int("targets", 1))
            .Output(Output, OnnxType.Tensor(OnnxElementType.Float, [-1, 1]))
            .ToModel();
}
