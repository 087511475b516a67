namespace Hotswap.InferenceHost.Swapping;

/// <summary>A swap that cannot complete; the message names the model, the version and the exact problem.</summary>
public sealed class SwapException(string message, Exception? inner = null) : Exception(message, inner);
