using System.Diagnostics;

namespace Hotswap.Bench.Processes;

/// <summary>A tool the bench runs to its end (<c>dotnet publish</c>, a Python script): its exit code and everything it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Runs <paramref name="executable"/> with <paramref name="arguments"/>, and <paramref name="environment"/> added to the bench's own, until it exits.</summary>
    public static async Task<CommandResult> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(RedirectedStart.Of(executable, arguments, environment))!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CommandResult(process.ExitCode, await output + await errors);
    }
}
