using System.Diagnostics;

namespace Hotswap.Bench.Processes;

/// <summary>How the bench starts any process: its output captured, <c>environment</c> added to the bench's own.</summary>
public static class RedirectedStart
{
    public static ProcessStartInfo Of(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
