using System.ComponentModel;

namespace Hotswap.InferenceHost.Configuration;

/// <summary><c>Fleet:*</c>: how this host announces itself to the dashboard; nothing is announced without a dashboard URL.</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    [Description("The dashboard this host announces itself to: a connection to its fleet hub (/hubs/fleet), or in OnRequest mode a report POSTed after each check and each swap; empty: the host announces nothing.")]
    public string? DashboardUrl { get; set; }

    [Description("The fleet token the dashboard is given too (its Fleet:Token), sent as a bearer token; required with Fleet:DashboardUrl. Distinct from operator tokens and predict API keys.")]
    public string? Token { get; set; }

    [Description("Where this host answers, as the dashboard shows it; empty: no address is shown (Lambda, or a pod behind a Service).")]
    public string? BaseUrl { get; set; }

    [Description("How long a report of an OnRequest host may take before it is given up; the request that triggered the check never waits for it.")]
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromSeconds(2);

    [Description("The longest wait between two attempts to reach the dashboard; waits double from a second up to it, each drawn at random below its bound so hosts do not reconnect in step.")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a dashboard is configured: the host announces itself only then.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(DashboardUrl);

    /// <summary><paramref name="path"/> (e.g. <c>/hubs/fleet</c>) on the dashboard, under the path of <see cref="DashboardUrl"/> if it has one.</summary>
    public Uri Endpoint(string path) => new(new Uri(DashboardUrl!.TrimEnd('/') + "/"), path.TrimStart('/'));
}

/// <summary>The <c>Fleet:*</c> keys, as the validator names them.</summary>
public static class FleetKeys
{
    public const string DashboardUrl = $"{FleetOptions.Section}:{nameof(FleetOptions.DashboardUrl)}";
    public const string Token = $"{FleetOptions.Section}:{nameof(FleetOptions.Token)}";
    public const string BaseUrl = $"{FleetOptions.Section}:{nameof(FleetOptions.BaseUrl)}";
    public const string ReportTimeout = $"{FleetOptions.Section}:{nameof(FleetOptions.ReportTimeout)}";
    public const string ReconnectMaxDelay = $"{FleetOptions.Section}:{nameof(FleetOptions.ReconnectMaxDelay)}";
}
