namespace Hotswap.Contracts.Control;

/// <summary>Headers of the control API.</summary>
public static class ControlHeaders
{
    /// <summary>
    /// Sent by the dashboard, which calls hosts with its own credentials, to name the signed-in person it acts for; a
    /// host records the change as <c>&lt;authenticated name&gt;:&lt;this name&gt;</c> when the credentials may act for others.
    /// </summary>
    public const string OnBehalfOf = "Hotswap-On-Behalf-Of";
}
