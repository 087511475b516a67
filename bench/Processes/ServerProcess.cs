using System.Collections.Concurrent;
using System.Diagnostics;
using Hotswap.Testing;

namespace Hotswap.Bench.Processes;

/// <summary>
/// A server under test in its own process (<c>dotnet app.dll --urls http://127.0.0.1:PORT</c>, a native executable, or
/// another command such as gunicorn), so its memory and start-up are its own. Its last lines of output are kept for
/// failure messages; disposing it kills its tree (gunicorn's workers too), and whatever is still running when the bench
/// exits (Ctrl+C included) is killed then.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private static readonly ConcurrentDictionary<ServerProcess, byte> Running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _recentOutput = new();

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ServerProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        StartedAt = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[this] = 0;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    public bool HasExited => _process.HasExited;

    public string RecentOutput => string.Join(Environment.NewLine, _recentOutput);

    /// <summary>
    /// Starts <paramref name="entryPoint"/>, an assembly run by <c>dotnet</c> or a native executable run as it is (after
    /// it, <paramref name="command"/> when given), with <paramref name="environment"/> added to the bench's own, on a free
    /// loopback port.
    /// </summary>
    public static ServerProcess Start(string name, string entryPoint, IReadOnlyDictionary<string, string> environment, string? command = null)
    {
        var onDotnet = entryPoint.EndsWith(".dll", StringComparison.Ordinal);
        var leading = new List<string>();
        if (onDotnet)
        {
            leading.Add(entryPoint);
        }

        if (command is not null)
        {
            leading.Add(command);
        }

        // The content root (appsettings.json) is the working directory, as for a plain `dotnet app.dll`.
        return StartCommand(name, onDotnet ? "dotnet" : entryPoint, port => [.. leading, "--urls", $"http://127.0.0.1:{port}"], Path.GetDirectoryName(entryPoint)!, environment);
    }

    /// <summary>
    /// Starts <paramref name="executable"/> in <paramref name="workingDirectory"/> with the arguments
    /// <paramref name="argumentsForPort"/> gives for a free loopback port, and <paramref name="environment"/> added to the
    /// bench's own: for servers that are not ASP.NET Core applications (gunicorn binds with a flag of its own).
    /// </summary>
    public static ServerProcess StartCommand(string name, string executable, Func<int, IEnumerable<string>> argumentsForPort, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        return new ServerProcess(name, new Process { StartInfo = RedirectedStart.Of(executable, argumentsForPort(port), environment, workingDirectory) }, port);
    }

    /// <summary>Polls <paramref name="isReady"/> until it answers true, failing at once if the process exits.</summary>
    public async Task WaitUntilAsync(Func<HttpClient, CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // Waiting for the exit also drains the redirected output, so the message has the process's last words.
                await _process.WaitForExitAsync(cancellationToken);
                throw new ServerFailedException($"{Name} exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                if (await isReady(client, cancellationToken))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe that outlived its client's timeout: a starting server on a busy machine; the deadline decides.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new ServerFailedException($"{Name} was not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    /// <summary>This server once <paramref name="isReady"/> answers true (see <see cref="WaitUntilAsync"/>); stopped if it never does.</summary>
    public async Task<ServerProcess> ReadyAsync(Func<HttpClient, CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await WaitUntilAsync(isReady, timeout, cancellationToken);
            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void KillAll()
    {
        foreach (var server in Running.Keys)
        {
            server.Kill();
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _recentOutput.Enqueue(line);
        while (_recentOutput.Count > KeptLines)
        {
            _recentOutput.TryDequeue(out _);
        }
    }
}

public sealed class ServerFailedException(string message) : Exception(message);
