namespace Hotswap.Bench.Processes;

/// <summary>Resident memory of another process, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS: resident set size now, in bytes.</summary>
    public static long Resident(int pid) => Read(pid, "VmRSS:");

    /// <summary>VmHWM: the peak resident set size since start or since <see cref="ResetPeak"/>, in bytes.</summary>
    public static long Peak(int pid) => Read(pid, "VmHWM:");

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS, so the next peak is one swap's own.</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Read(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:	  123456 kB"
                var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kilobytes * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }
}
