namespace Hotswap.Dashboard.Components.Dialogs;

/// <summary>What the operator confirmed: why, whether to skip the signature check, and a canary's weight (0 when not asked).</summary>
public sealed record ConfirmedAction(string Reason, bool Force, int Weight = 0);
