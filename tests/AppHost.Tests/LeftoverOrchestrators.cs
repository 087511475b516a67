using System.Diagnostics;

[assembly: AssemblyFixture(typeof(Hotswap.AppHost.Tests.LeftoverOrchestrators))]

namespace Hotswap.AppHost.Tests;

/// <summary>
/// Once every AppHost of this test run has been disposed, makes sure no orchestrator process (dcp) it started is
/// left running: Aspire stops them as it shuts down, but a dcp controller has been seen to outlive its API server.
/// Only processes started by this run from this test folder are touched, by their id.
/// </summary>
public sealed class LeftoverOrchestrators : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var deadline = DateTime.UtcNow + Grace;
        List<Process> left;
        while ((left = OursStillRunning()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        foreach (var process in left)
        {
            TestContext.Current.SendDiagnosticMessage($"dcp {process.Id} outlived its AppHost by {Grace.TotalSeconds} s; stopping it.");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static List<Process> OursStillRunning()
    {
        var since = Process.GetCurrentProcess().StartTime;
        var folder = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        return [.. Process.GetProcessesByName("dcp").Where(p => !p.HasExited && p.StartTime >= since && WorkingDirectory(p) == folder)];
    }

    private static string? WorkingDirectory(Process process)
    {
        try
        {
            return Path.TrimEndingDirectorySeparator(new DirectoryInfo($"/proc/{process.Id}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "");
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null; // not ours to read, so not ours to stop
        }
    }
}
