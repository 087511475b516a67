namespace Hotswap.InferenceHost.Control;

/// <summary><c>Control:*</c>: who may call the control API and the hub's control methods.</summary>
public sealed class ControlOptions
{
    public const string Section = "Control";

    /// <summary>
    /// One shared bearer token, authenticated as an operator named <see cref="KnownOperators.SharedTokenName"/> that may
    /// not act for others. With neither it nor <see cref="Operators"/>, control is refused to everyone.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Named operators, each with a token of their own; the authenticated name is recorded as the actor.</summary>
    /// <remarks>Empty here: the binder appends configured items to a list's initial ones instead of replacing them.</remarks>
    public List<OperatorOptions> Operators { get; set; } = [];
}
