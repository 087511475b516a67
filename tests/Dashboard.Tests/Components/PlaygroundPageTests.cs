using System.Text;
using Bunit;
using Hotswap.Contracts.Models;
using Hotswap.Dashboard.Components.Pages;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Persistence;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>
/// The playground in front of a classifier exported by skl2onnx from a pipeline with a string column: a text editor for
/// the string, one MLflow request with every input, and the ZipMap answer tabled. The host is a stub that records the
/// request and answers as an MLflow scoring server does.
/// </summary>
public sealed class PlaygroundPageTests : DashboardTestContext
{
    private const string HostUrl = "http://127.0.0.1:5001";
    private const string ZipMapAnswer = """{"predictions": {"output_label": [2], "output_probability": [{"0": 0.1, "1": 0.2, "2": 0.7}]}}""";

    private static readonly ModelSignature CityClassifier = new(
        [new TensorSpec("city", "string", [-1, 1]), new TensorSpec("rooms", "float32", [-1, 1])],
        [new TensorSpec("output_label", "int64", [-1]), new TensorSpec("output_probability", "seq(map(int64,float32))", [])]);

    private readonly TemporaryDatabase _database = new();
    private readonly string _store = Directory.CreateTempSubdirectory("hotswap-playground-store-").FullName;
    private readonly AnsweringHost _host = new(() => new StringContent(ZipMapAnswer, Encoding.UTF8, "application/json"));

    public PlaygroundPageTests()
    {
        var feed = new SwapFeed(_database.Options, _database.Database);
        // Never started: the test publishes the host's state itself instead of connecting.
        var fleet = new FleetMonitor(_database.Options, feed, Time, NullLogger<FleetMonitor>.Instance);
        fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("houses", "1") with { Signature = CityClassifier })));
        Services.AddSingleton(fleet);
        Services.AddSingleton(ModelRegistry.Create(new ModelStoreOptions { Uri = _store }, Time));
        Services.AddSingleton(new PredictClient(_host, _database.Options));
        AddAuthorization().SetAuthorized("viewer");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void A_string_input_is_edited_as_text_and_sent_with_the_numbers_in_one_request()
    {
        var cut = Render<Playground>();
        cut.WaitForElement("input[aria-label='city row 1 column 1']").Change("Paris");
        cut.Find("input[aria-label='rooms row 1 column 1']").Change("3");

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Predict").Click();

        cut.WaitForAssertion(() => Assert.Equal(("/models/houses/invocations", """{"inputs":{"city":[["Paris"]],"rooms":[[3]]}}"""), Assert.Single(_host.Requests)));
    }

    [Fact]
    public void A_zipmap_answer_is_shown_as_the_label_with_its_class_probabilities()
    {
        var cut = Render<Playground>();
        cut.WaitForElement("input[aria-label='city row 1 column 1']").Change("Paris");

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Predict").Click();

        var best = cut.WaitForElement("td.best-probability");
        Assert.Equal("Row 1 probability of 2 (highest)", best.GetAttribute("aria-label"));
        Assert.Contains("0.700", best.TextContent);
        Assert.Equal("2", cut.Find($"[aria-label='Classes from {HostUrl} (served)'] tbody strong").TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
        Directory.Delete(_store, recursive: true);
    }
}
