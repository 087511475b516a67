using System.Globalization;

namespace Hotswap.Testing;

/// <summary>What a process holds at one moment, from /proc: open file descriptors, threads and resident memory.</summary>
public sealed record ProcessCounters(int Handles, int Threads, long ResidentBytes)
{
    public static ProcessCounters Read(int pid) => new(
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length,
        (int)StatusField(pid, "Threads:"),
        StatusField(pid, "VmRSS:") * 1024);

    /// <summary>A numeric field of /proc/&lt;pid&gt;/status ("VmRSS:	  123456 kB" gives 123456).</summary>
    private static long StatusField(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }
}
