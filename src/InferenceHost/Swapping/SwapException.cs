namespace Hotswap.InferenceHost.Swapping;

/// <summary>A swap that cannot complete; the message names the model, the version and the exact problem.</summary>
public sealed class SwapException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A load's failure as status shows it: a <see cref="SwapException"/> already names the version and the problem.</summary>
    public static string Reason(Exception e, string what) => e is SwapException ? e.Message : $"{what}: unexpected {e.GetType().Name}: {e.Message}";
}
