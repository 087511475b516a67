namespace Hotswap.InferenceHost.Serving;

/// <summary>The request formats a prediction can come in.</summary>
public enum PredictFormat
{
    /// <summary><c>{"data": ..., "model": ...}</c> → <c>{"prediction": ..., "model_version": ...}</c>.</summary>
    Seed,

    /// <summary>MLflow's scoring protocol → <c>{"predictions": ...}</c>.</summary>
    Mlflow,
}
