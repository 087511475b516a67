using System.Diagnostics;
using System.Text;

namespace Hotswap.Testing;

/// <summary>
/// A child process of the tests. Its stdout and stderr are kept, interleaved, so a failure can say what the process
/// said; disposing it kills its whole tree, so nothing it started outlives the test run.
/// </summary>
public sealed class CapturedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly StringBuilder _output = new();

    private CapturedProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Received(e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Received(e.Data, onLine);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Exited = process.WaitForExitAsync();
    }

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Whether the process has exited and <see cref="Output"/> holds all it wrote. The process object alone says it has
    /// exited before its last lines are read, and a start-up failure read then would lose why it failed.
    /// </summary>
    public bool HasExited => Exited.IsCompleted;

    public int Id => _process.Id;

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes once the process has exited and its output has been read to the end.</summary>
    public Task Exited { get; }

    /// <summary>Starts <paramref name="start"/> with its output captured; <paramref name="onLine"/> sees each line as it comes.</summary>
    public static CapturedProcess Start(ProcessStartInfo start, Action<string>? onLine = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new CapturedProcess(new Process { StartInfo = start }, onLine);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited;
        _process.Dispose();
    }

    private void Received(string? line, Action<string>? onLine)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }

        onLine?.Invoke(line);
    }
}
