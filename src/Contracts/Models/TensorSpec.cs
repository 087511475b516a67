namespace Hotswap.Contracts.Models;

/// <summary>
/// One named tensor of a model signature, as MLflow writes it in <c>MLmodel</c>:
/// an element type (<c>float32</c>, <c>int64</c>, ...) and a shape where -1 is a free dimension.
/// </summary>
public sealed record TensorSpec(string Name, string DType, IReadOnlyList<long> Shape)
{
    public override string ToString() => $"{Name}: {DType}[{string.Join(",", Shape)}]";
}
