using System.Globalization;

namespace Hotswap.Bench.Processes;

/// <summary>CPU time another process has used, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public static class ProcessCpu
{
    /// <summary>USER_HZ: the kernel reports CPU time in hundredths of a second on every Linux the bench runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system time since the process started.</summary>
    public static TimeSpan Used(int pid)
    {
        // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
