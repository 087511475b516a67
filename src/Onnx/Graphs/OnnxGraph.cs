namespace Hotswap.Onnx;

/// <summary>
/// Builds one ONNX graph node by node and writes it as a model (IR 8, opset 17, and <c>ai.onnx.ml</c> 3 when a node
/// of that domain is used, as skl2onnx pairs them): the plumbing shared by the generated graphs.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private const string MlDomain = "ai.onnx.ml";
    private readonly ProtoWriter _graph = new ProtoWriter().String(2, name);
    private bool _usesMl;

    public OnnxGraph Node(string op, string[] inputs, string[] outputs, params ProtoWriter[] attributes) =>
        Add(op, domain: null, inputs, outputs, attributes);

    /// <summary>A node of the <c>ai.onnx.ml</c> domain (LinearClassifier, ZipMap, OneHotEncoder, …).</summary>
    public OnnxGraph MlNode(string op, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        _usesMl = true;
        return Add(op, MlDomain, inputs, outputs, attributes);
    }

    public OnnxGraph FloatInitializer(string tensorName, long[] dims, float[] values) =>
        Initializer(tensorName, dims, OnnxElementType.Float, tensor => tensor.Floats(9, values));

    public OnnxGraph Int64Initializer(string tensorName, long[] dims, long[] values) =>
        Initializer(tensorName, dims, OnnxElementType.Int64, tensor => tensor.Ints(7, values));

    public OnnxGraph Input(string valueName, ProtoWriter type)
    {
        _graph.Message(11, new ProtoWriter().String(1, valueName).Message(2, type));
        return this;
    }

    public OnnxGraph Output(string valueName, ProtoWriter type)
    {
        _graph.Message(12, new ProtoWriter().String(1, valueName).Message(2, type));
        return this;
    }

    public byte[] ToModel()
    {
        var model = new ProtoWriter()
            .Int(1, 8) // IR version 8
            .String(2, "hotswap")
            .Message(7, _graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17));
        return (_usesMl ? model.Message(8, new ProtoWriter().String(1, MlDomain).Int(2, 3)) : model).ToArray();
    }

    private OnnxGraph Initializer(string tensorName, long[] dims, int elementType, Action<ProtoWriter> writeData)
    {
        var tensor = new ProtoWriter().Ints(1, dims).Int(2, elementType).String(8, tensorName);
        writeData(tensor);
        _graph.Message(5, tensor);
        return this;
    }

    private OnnxGraph Add(string op, string? domain, string[] inputs, string[] outputs, ProtoWriter[] attributes)
    {
        var node = new ProtoWriter().Strings(1, inputs).Strings(2, outputs).String(3, outputs[0]).String(4, op);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }

        _graph.Message(1, domain is null ? node : node.String(7, domain));
        return this;
    }
}
