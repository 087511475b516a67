using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>Runs a leased model on a request's inputs. The caller disposes the outputs after writing them.</summary>
public static class Predictor
{
    private static readonly RunOptions SharedRunOptions = new();

    /// <summary>
    /// Runs into rented outputs when the version's outputs follow the batch, as a raw benchmark run would (ONNX
    /// Runtime allocating and wrapping its own outputs costs more than the run of a small model); otherwise lets ONNX
    /// Runtime allocate them.
    /// </summary>
    public static RunOutputs Run(ServedModel model, InputSet inputs)
    {
        var values = inputs.ToOrtValues();
        try
        {
            return (model.OutputLayout is { } layout ? TryRunInto(layout, model, values, inputs.Rows) : null)
                ?? new RunOutputs(model.Session.Run(SharedRunOptions, model.InputNames, values, model.OutputNames), inputs.Rows);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static RunOutputs? TryRunInto(OutputLayout layout, ServedModel model, OrtValue[] values, int rows)
    {
        var outputs = new RunOutputs(layout.Rent(rows), rows);
        try
        {
            model.Session.Run(SharedRunOptions, model.InputNames, values, model.OutputNames, outputs.Values);
            return outputs;
        }
        catch (OnnxRuntimeException)
        {
            // An output whose free first dimension is not the batch after all: ONNX Runtime refuses the rented shape.
            // The caller runs again with ONNX Runtime's own allocation, which answers or reports the real problem.
            outputs.Dispose();
            return null;
        }
    }
}
