using System.ComponentModel;

namespace Hotswap.InferenceHost.Configuration;

/// <summary><c>Control:Operators:N:*</c>: one named holder of a control token.</summary>
public sealed class OperatorOptions
{
    /// <summary>May run control commands.</summary>
    public const string OperatorRole = "operator";

    /// <summary>Authenticates, and may do what anyone may (read status, watch the hub), but runs no control command.</summary>
    public const string ViewerRole = "viewer";

    /// <summary>Recorded as the actor of every change made with this token (see <see cref="OperatorNames"/>).</summary>
    [Description("Recorded as the actor of every change made with this token: 1 to 48 letters, digits, ., _, - or @, unique in any case.")]
    public string? Name { get; set; }

    /// <summary>The SHA-256 of the token, as 64 hexadecimal digits (<c>hotswap-publisher hash-token</c> makes both).</summary>
    [Description("The SHA-256 of the token as 64 hexadecimal digits (hotswap-publisher hash-token makes a token and its hash).")]
    public string? TokenHash { get; set; }

    /// <summary><see cref="OperatorRole"/> or <see cref="ViewerRole"/>.</summary>
    [Description("operator (runs control commands) or viewer (authenticates, runs none).")]
    public string? Role { get; set; }

    /// <summary>
    /// Whether these credentials may name, in the <c>Hotswap-On-Behalf-Of</c> header, the person they act for (the
    /// dashboard, for whoever signed in); changes are then recorded as <c>&lt;Name&gt;:&lt;person&gt;</c>. Give it only to a
    /// service that authenticates people itself: whoever holds such a token can act under any person's name.
    /// </summary>
    [Description("Whether these credentials may name the person they act for in the Hotswap-On-Behalf-Of header (the dashboard only); changes are then recorded as <Name>:<person>.")]
    public bool ActsForOthers { get; set; }
}
