using System.Diagnostics;
using Hotswap.Testing;

namespace Hotswap.Deployment.Tests;

/// <summary>A command-line tool run to its end from the repository root, with what it printed.</summary>
public sealed record ToolRun(int ExitCode, string Output)
{
    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = RepositoryRoot.Path };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        CapturedProcess process;
        try
        {
            process = CapturedProcess.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' cannot be run ({e.Message}); .ci/run installs the tools these tests need.", e);
        }

        await using (process)
        {
            try
            {
                await process.Exited.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"'{file} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds} s: {process.Output}");
            }

            return new ToolRun(process.ExitCode, process.Output);
        }
    }
}
