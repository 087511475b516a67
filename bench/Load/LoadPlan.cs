namespace Hotswap.Bench.Load;

/// <summary>
/// What to send: <paramref name="Body"/> as a JSON POST to <paramref name="Path"/>, from <paramref name="Connections"/>
/// keep-alive connections each sending its next request when the last one is answered, for <paramref name="Duration"/>.
/// </summary>
public sealed record LoadPlan(string Path, byte[] Body, int Connections, TimeSpan Duration)
{
    /// <summary>Enough connections to keep two cores busy with the generator sharing them: the "saturating" load.</summary>
    public const int SaturatingConnections = 16;
}
