using System.ComponentModel;

namespace Hotswap.InferenceHost.Configuration;

/// <summary><c>Control:*</c>: who may call the control API and the hub's control methods.</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>The operator <see cref="Token"/> authenticates as.</summary>
    public const string SharedTokenName = "operator";

    /// <summary>
    /// One shared bearer token, authenticated as an operator named <see cref="SharedTokenName"/> that may
    /// not act for others. With neither it nor <see cref="Operators"/>, control is refused to everyone.
    /// </summary>
    [Description("One shared operator token (at least 32 characters outside Development), authenticated as the operator 'operator', which may not act for others; with neither it nor Control:Operators, control is refused to everyone.")]
    public string? Token { get; set; }

    /// <summary>Named operators, each with a token of their own; the authenticated name is recorded as the actor.</summary>
    /// <remarks>Empty here: the binder appends configured items to a list's initial ones instead of replacing them.</remarks>
    [Description("Named operators, each with a token of its own: a name, the SHA-256 of the token and a role.")]
    public List<OperatorOptions> Operators { get; set; } = [];
}
