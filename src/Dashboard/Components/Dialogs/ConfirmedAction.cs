namespace Hotswap.Dashboard.Components.Dialogs;

/// <summary>What the operator confirmed: why, and whether to skip the signature check.</summary>
public sealed record ConfirmedAction(string Reason, bool Force);
