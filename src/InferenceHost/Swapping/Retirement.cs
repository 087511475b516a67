using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Swapping;

internal static class Retirement
{
    /// <summary>Retires <paramref name="model"/> and logs when its session is released, once its in-flight requests end.</summary>
    public static void RetireLogged(this ServedModel model, ILogger logger)
    {
        model.Retire();
        _ = model.Released.ContinueWith(_ => SwapLog.Released(logger, model.Version.Model, model.Version.Version), TaskScheduler.Default);
    }
}
