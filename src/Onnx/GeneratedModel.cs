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
        const int FloatType = 1, Int64Type = 7;
        var graph = new ProtoWriter().String(2, "hotswap_generated");
        var output = BatchOfOne ? "unreshaped" : OutputName;
        var current = InputName;
        for (var l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var last = l == Layers.Count - 1 && OffsetInput is null;
            graph.Message(5, Tensor($"W{l}", [layer.Inputs, layer.Outputs], layer.Weights))
                 .Message(5, Tensor($"B{l}", [layer.Outputs], layer.Bias))
                 .Message(1, Node("MatMul", [current, $"W{l}"], $"mm{l}"))
                 .Message(1, Node("Add", [$"mm{l}", $"B{l}"], last ? output : $"dense{l}"));
            current = $"dense{l}";
            if (l < Layers.Count - 1)
            {
                graph.Message(1, Node("Relu", [current], $"relu{l}"));
                current = $"relu{l}";
            }
        }

        graph.Message(11, ValueInfo(InputName, FloatType, Layers[0].Inputs));
        if (OffsetInput is not null)
        {
            graph.Message(1, Node("Cast", [OffsetInput], "offset_float", new ProtoWriter().String(1, "to").Int(3, FloatType).Int(20, 2)))
                 .Message(1, Node("Add", [current, "offset_float"], output))
                 .Message(11, ValueInfo(OffsetInput, Int64Type, 1));
        }

        if (BatchOfOne)
        {
            var shape = new ProtoWriter().Int(1, 2).Int(2, Int64Type).String(8, "batch_of_one").Int(7, 1).Int(7, Layers[^1].Outputs);
            graph.Message(5, shape).Message(1, Node("Reshape", [output, "batch_of_one"], OutputName));
        }

        graph.Message(12, ValueInfo(OutputName, FloatType, Layers[^1].Outputs));
        return new ProtoWriter()
            .Int(1, 8) // IR version 8
            .String(2, "hotswap")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17)) // opset 17
            .ToArray();
    }

    private static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (var d in dims)
        {
            tensor.Int(1, d);
        }

        return tensor.Int(2, 1).String(8, name).Floats(9, values);
    }

    private static ProtoWriter Node(string op, string[] inputs, string output, ProtoWriter? attribute = null)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, output).String(4, op);
        return attribute is null ? node : node.Message(5, attribute);
    }

    /// <summary>A tensor of shape [batch, width] with a free batch dimension.</summary>
    private static ProtoWriter ValueInfo(string name, int elementType, long width)
    {
        var shape = new ProtoWriter()
            .Message(1, new ProtoWriter().String(2, "batch"))
            .Message(1, new ProtoWriter().Int(1, width));
        var tensorType = new ProtoWriter().Int(1, elementType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
