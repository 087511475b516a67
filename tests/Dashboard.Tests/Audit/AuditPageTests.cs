using Bunit;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Components.Pages;
using Hotswap.Dashboard.Tests.Persistence;
using Hotswap.Registry;
using Hotswap.Registry.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Hotswap.Dashboard.Tests.Audit;

/// <summary>The audit page reads the trail from the store, so it shows every writer's changes and survives the dashboard's disk.</summary>
public sealed class AuditPageTests : DashboardTestContext
{
    private readonly TemporaryDatabase _database = new();
    private readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("hotswap-audit-page-");

    [Fact]
    public async Task The_page_shows_the_stores_trail_newest_first_whoever_wrote_it()
    {
        var registry = ModelRegistry.Create(new ModelStoreOptions { Uri = _store.FullName }, Time);
        await registry.Audit.AppendAsync(new AuditRecord(Samples.At, "guard@host-1", "auto-abort", "iris_model", "1", "1", "drift 0.9 > 0.5", AuditRecord.Applied), TestContext.Current.CancellationToken);
        await registry.Audit.AppendAsync(new AuditRecord(Samples.At.AddMinutes(1), "cli:bob", "approve", "iris_model", "1", null, "mine", AuditRecord.Refused, "bob started it"), TestContext.Current.CancellationToken);
        Services.AddSingleton(registry);
        Services.AddSingleton(new AuditLog(_database.Database));
        AddAuthorization().SetAuthorized("alice");

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal(["cli:bob", "guard@host-1"], cut.FindAll("td[data-label=Who]").Select(td => td.TextContent)));
        Assert.Equal("refused: bob started it", cut.FindAll("td[data-label=Outcome]")[0].TextContent.Trim());
    }

    protected override void Dispose(bool disposing)
    {
        _database.Dispose();
        _store.Delete(recursive: true);
        base.Dispose(disposing);
    }
}
