using Hotswap.Dashboard.Configuration;
using Hotswap.InferenceHost;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;
using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Tests.Configuration;

/// <summary>Every section the host and the dashboard read is validated when they start: one bad value stops them, named by its key.</summary>
public sealed class StartupValidationTests
{
    /// <summary>One invalid setting per section the host reads, and the key its refusal names.</summary>
    public static TheoryData<string, string, string> HostSections => new()
    {
        { ModelStoreKeys.Timeout, "00:00:00", ModelStoreKeys.Timeout },
        { MlflowKeys.ArtifactsDestination, "relative/artifacts", MlflowKeys.ArtifactsDestination },
        { RolloutKeys.BakeTime, "-00:00:01", RolloutKeys.BakeTime },
        { SwapKeys.PollInterval, "00:00:00", SwapKeys.PollInterval },
        { PredictKeys.MaxBatchRows, "0", PredictKeys.MaxBatchRows },
        { GuardKeys.Window, "-00:00:01", GuardKeys.Window },
        { $"{ControlOptions.Section}:{nameof(ControlOptions.Token)}", "short", $"{ControlOptions.Section}:{nameof(ControlOptions.Token)}" },
        { $"{KnownProxiesKeys.KnownProxies}:0", "proxy.example", KnownProxiesKeys.KnownProxies },
    };

    /// <summary>One invalid setting per section the dashboard reads, and the key its refusal names.</summary>
    public static TheoryData<string, string, string> DashboardSections => new()
    {
        { ModelStoreKeys.Timeout, "00:00:00", ModelStoreKeys.Timeout },
        { MlflowKeys.ArtifactsDestination, "relative/artifacts", MlflowKeys.ArtifactsDestination },
        { RolloutKeys.BakeTime, "-00:00:01", RolloutKeys.BakeTime },
        { DashboardKeys.FeedCapacity, "1", DashboardKeys.FeedCapacity },
        { FleetKeys.StaleAfter, "00:00:00", FleetKeys.StaleAfter },
        { $"{KnownProxiesKeys.KnownProxies}:0", "proxy.example", KnownProxiesKeys.KnownProxies },
    };

    [Theory]
    [MemberData(nameof(HostSections))]
    public async Task The_host_refuses_to_start_on_an_invalid_value_of_any_section_naming_its_key(string setting, string value, string key)
    {
        var builder = Builder(new() { [ModelStoreKeys.Uri] = UntouchedPath("store"), [setting] = value });
        builder.AddInferenceHost();

        // Some sections are read while the application is built (Kestrel's limits), the others when it starts.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            app.MapInferenceHost();
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardSections))]
    public async Task The_dashboard_refuses_to_start_on_an_invalid_value_of_any_section_naming_its_key(string setting, string value, string key)
    {
        // The dashboard can create its database before every section is validated: it gets a directory of its own.
        var database = Directory.CreateTempSubdirectory("hotswap-dashboard-");
        var builder = Builder(new()
        {
            [ModelStoreKeys.Uri] = UntouchedPath("store"),
            [$"{DashboardKeys.Hosts}:0"] = "http://127.0.0.1:9",
            [DashboardKeys.DatabasePath] = Path.Combine(database.FullName, "dashboard.db"),
            [setting] = value,
        });
        builder.AddDashboard();

        // Some sections are read while the routes are mapped, the others when the dashboard starts.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            app.MapDashboard();
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        database.Delete(recursive: true);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cases_above_cover_every_section_the_reference_says_the_host_or_the_dashboard_reads()
    {
        static IEnumerable<string> ReadBy(string program) => ConfigurationReference.Sections
            .Where(s => s.ReadBy.Split(", ").Contains(program))
            .Select(s => ConfigurationReference.SectionOf(s.Options))
            .Order();
        static IEnumerable<string> Covered(TheoryData<string, string, string> cases) => cases
            .Select(c => c.Data.Item1.Split(':')[0])
            .Order();

        Assert.Equal(ReadBy("host"), Covered(HostSections));
        Assert.Equal(ReadBy("dashboard"), Covered(DashboardSections));
    }

    /// <summary>A path nothing creates: the program stops before it would read or write there.</summary>
    private static string UntouchedPath(string name) => Path.Combine(Path.GetTempPath(), $"hotswap-never-started-{Guid.NewGuid():N}", name);

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }
}
