namespace Hotswap.Contracts.Models;

/// <summary>The inputs and outputs a model version declares.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    public static ModelSignature Empty { get; } = new([], []);

    public override string ToString() =>
        $"inputs [{string.Join("; ", Inputs)}] outputs [{string.Join("; ", Outputs)}]";
}
