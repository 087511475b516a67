using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>The versions page's data for a version in MLflow's bucket, named by the seed's model_list.json.</summary>
public sealed class MlflowVersionTableTests(S3rverFixture s3) : DashboardTestContext, IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task The_dashboard_s_registry_lists_the_seed_s_MLflow_version_and_the_table_shows_how_it_is_verified()
    {
        var store = new ModelStoreScenario(s3.Server);
        await MlflowFixtures.SeedAsync(s3.Server, store.Prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        await using var dashboard = DashboardApp(store);
        var registry = dashboard.Services.GetRequiredService<ModelRegistry>();
        var ct = Xunit.TestContext.Current.CancellationToken;

        var versions = await registry.ListVersionsAsync(ModelStoreScenario.Model, ct);
        var desired = (await registry.DesiredState.ReadAsync(ct)).Document.Find(ModelStoreScenario.Model);
        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, VersionRowViewModel.Build(versions, desired, [])));

        Assert.Contains("Verified by", cut.Find("thead").TextContent);
        var row = Assert.Single(cut.FindAll("tbody tr"));
        Assert.StartsWith("2", row.TextContent.Trim());
        Assert.Contains("S3 ETag (md5)", row.TextContent);
    }

    /// <summary>The dashboard's services as its own set-up binds them (ModelStore and MLflow sections), not started.</summary>
    private static WebApplication DashboardApp(ModelStoreScenario store)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        var configuration = new Dictionary<string, string?>(store.Server.StoreConfiguration(store.Prefix)) { ["Dashboard:Hosts:0"] = "http://127.0.0.1:1" };
        foreach (var (key, value) in MlflowFixtures.Settings(store.Prefix))
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddDashboard();
        return builder.Build();
    }
}
