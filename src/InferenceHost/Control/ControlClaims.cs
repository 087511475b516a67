namespace Hotswap.InferenceHost.Control;

/// <summary>Claims the control scheme adds beside the operator's name and role.</summary>
public static class ControlClaims
{
    /// <summary>The person named by the <c>Hotswap-On-Behalf-Of</c> header, as sent.</summary>
    public const string OnBehalfOf = "hotswap/on-behalf-of";

    /// <summary>Present (value "true") when the credentials may act for others.</summary>
    public const string ActsForOthers = "hotswap/acts-for-others";
}
