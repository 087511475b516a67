using System.CommandLine;

namespace Hotswap.Publisher.Commands;

/// <summary>Options several commands share, spelled and described once.</summary>
public static class CommonOptions
{
    public static Option<string> Model() => new("--model")
    {
        Description = "The model's name in the store, e.g. iris_model.",
        HelpName = "name",
        Required = true,
    };

    public static Option<string> Version(string description, bool required = false) => new("--version")
    {
        Description = description,
        HelpName = "version",
        Required = required,
    };

    public static Option<string> Reason(string description, bool required = false) => new("--reason")
    {
        Description = description,
        HelpName = "text",
        Required = required,
    };
}
