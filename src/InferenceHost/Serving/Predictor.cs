using Hotswap.InferenceHost.Serving.Inputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>Runs a leased model on a request's inputs. The caller disposes the outputs after writing them.</summary>
public static class Predictor
{
    private static readonly RunOptions SharedRunOptions = new();

    public static IDisposableReadOnlyCollection<OrtValue> Run(ServedModel model, InputSet inputs)
    {
        var values = inputs.ToOrtValues();
        try
        {
            return model.Session.Run(SharedRunOptions, model.InputNames, values, model.OutputNames);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
