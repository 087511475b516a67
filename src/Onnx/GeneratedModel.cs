namespace Hotswap.Onnx;

/// <summary>
/// A dense network written as an ONNX graph: <c>features</c> [-1, inputs] float → (MatMul + Add, ReLU between layers)
/// → <c>prediction</c> [-1, outputs], plus, when <see cref="OffsetInput"/> is set, a second int64 input [-1, 1] added
/// to every output. Tests and benchmarks use it for models whose answers are known exactly and whose size is chosen.
/// </summary>
public sealed record GeneratedModel
{
    public string InputName { get; init; } = "features";
    public string OutputName { get; init; } = "prediction";
    public string? OffsetInput { get; init; }
    public required IReadOnlyList<DenseLayer> Layers { get; init; }

    /// <summary>
    /// Ends the graph with a Reshape to [1, outputs], as an export that hard-coded the batch size does: the signature
    /// still says [-1, outputs], one row runs, two or more fail at run time.
    /// </summary>
    public bool BatchOfOne { get; init; }

    /// <summary>One layer: y = x·W + b with W row-major [inputs, outputs].</summary>
    public sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias);

    /// <summary>y = x·w + bias, one output: the simplest model with a known answer.</summary>
    public static GeneratedModel Linear(float[] weights, float bias) =>
        new() { Layers = [new DenseLayer(weights.Length, 1, weights, [bias])] };

    /// <summary>A model of about <paramref name="approximateBytes"/> bytes: one hidden layer as wide as that takes.</summary>
    public static GeneratedModel OfSize(int inputs, long approximateBytes, int seed = 1)
    {
        var hidden = (int)Math.Max(1, approximateBytes / sizeof(float) / (inputs + 2));
        var random = new Random(seed);
        float[] Random(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) / 10)];
        return new GeneratedModel
        {
            Layers = [new DenseLayer(inputs, hidden, Random(inputs * hidden), Random(hidden)), new DenseLayer(hidden, 1, Random(hidden), [0.5f])],
        };
    }

    /// <summary>What the graph computes, for checking answers in tests.</summary>
    public float[] Evaluate(ReadOnlySpan<float> row, long offset = 0)
    {
        var x = row.ToArray();
        for (var l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var y = (float[])layer.Bias.Clone();
            for (var o = 0; o < layer.Outputs; o++)
            {
                for (var i = 0; i < layer.Inputs; i++)
                {
                    y[o] += x[i] * layer.Weights[(i * layer.Outputs) + o];
                }

                y[o] = l < Layers.Count - 1 ? Math.Max(0, y[o]) : y[o] + (OffsetInput is null ? 0 : offset);
            }

            x = y;
        }

        return x;
    }

    public byte[] ToOnnx()
    {
        var graph = new OnnxGraph("hotswap_generated");
        var output = BatchOfOne ? "unreshaped" : OutputName;
        var current = InputName;
        for (var l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var last = l == Layers.Count - 1 && OffsetInput is null;
            graph.FloatInitializer($"W{l}", [layer.Inputs, layer.Outputs], layer.Weights)
                 .FloatInitializer($"B{l}", [layer.Outputs], layer.Bias)
                 .Node("MatMul", [current, $"W{l}"], [$"mm{l}"])
                 .Node("Add", [$"mm{l}", $"B{l}"], [last ? output : $"dense{l}"]);
            current = $"dense{l}";
            if (l < Layers.Count - 1)
            {
                graph.Node("Relu", [current], [$"relu{l}"]);
                current = $"relu{l}";
            }
        }

        graph.Input(InputName, OnnxType.Tensor(OnnxElementType.Float, [-1, Layers[0].Inputs]));
        if (OffsetInput is not null)
        {
            graph.Node("Cast", [OffsetInput], ["offset_float"], OnnxAttribute.Int("to", OnnxElementType.Float))
                 .Node("Add", [current, "offset_float"], [output])
                 .Input(OffsetInput, OnnxType.Tensor(OnnxElementType.Int64, [-1, 1]));
        }

        if (BatchOfOne)
        {
            graph.Int64Initializer("batch_of_one", [2], [1, Layers[^1].Outputs])
                 .Node("Reshape", [output, "batch_of_one"], [OutputName]);
        }

        return graph.Output(OutputName, OnnxType.Tensor(OnnxElementType.Float, [-1, Layers[^1].Outputs])).ToModel();
    }
}
