using Hotswap.Contracts.Models;

namespace Hotswap.InferenceHost.Serving.Outputs;

/// <summary>
/// The outputs of a version whose shapes follow the batch: a free first dimension (the request's rows) and fixed
/// others. Their memory can be rented before the run, sized from the request, instead of ONNX Runtime allocating it.
/// </summary>
internal sealed class OutputLayout
{
    private readonly TensorSpec[] _outputs;

    private OutputLayout(TensorSpec[] outputs) => _outputs = outputs;

    /// <summary>The layout of <paramref name="signature"/>'s outputs, or null when one has a shape the batch does not fix.</summary>
    public static OutputLayout? Of(ModelSignature signature) =>
        signature.Outputs.All(FollowsBatch) ? new OutputLayout([.. signature.Outputs]) : null;

    private static bool FollowsBatch(TensorSpec output) =>
        RentedTensor.Supports(output.DType) && output.Shape.Skip(1).All(dimension => dimension > 0) && (output.Shape.Count == 0 || output.Shape[0] is -1 or > 0);

    public RentedTensor[] Rent(int rows)
    {
        var tensors = new RentedTensor[_outputs.Length];
        try
        {
            for (var i = 0; i < tensors.Length; i++)
            {
                var spec = _outputs[i];
                var shape = new long[spec.Shape.Count];
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = spec.Shape[d] < 0 ? rows : spec.Shape[d];
                }

                tensors[i] = RentedTensor.Rent(spec.DType, shape);
            }

            return tensors;
        }
        catch
        {
            foreach (var tensor in tensors)
            {
                tensor?.Dispose();
            }

            throw;
        }
    }
}
