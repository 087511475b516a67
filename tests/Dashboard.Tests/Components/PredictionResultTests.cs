using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class PredictionResultTests : DashboardTestContext
{
    private const string Target = "http://127.0.0.1:5000 (served)";

    private const string ZipMapAnswer = """
        {"predictions": {"output_label": [2, 0],
                         "output_probability": [{"0": 0.1, "1": 0.2, "2": 0.7}, {"0": 0.55, "1": 0.4, "2": 0.05}]}}
        """;

    [Fact]
    public void A_zipmap_answer_shows_each_rows_label_and_class_probabilities()
    {
        var cut = Render<PredictionResult>(p => p.Add(c => c.Outcome, Outcome(ZipMapAnswer)));

        var table = cut.Find($"[aria-label='Classes from {Target}']");
        Assert.Equal(["Row", "output_label", "P(0)", "P(1)", "P(2)"], table.QuerySelectorAll("th").Select(h => h.TextContent.Trim()));
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.Equal(["1", "2", "0.100", "0.200", "0.700 highest probability"], rows[0].QuerySelectorAll("td").Select(d => Words(d.TextContent)));
        Assert.Equal(["2", "0", "0.550 highest probability", "0.400", "0.050"], rows[1].QuerySelectorAll("td").Select(d => Words(d.TextContent)));
    }

    [Fact]
    public void The_highest_probability_of_each_row_is_marked()
    {
        var cut = Render<PredictionResult>(p => p.Add(c => c.Outcome, Outcome(ZipMapAnswer)));

        Assert.Equal(
            ["Row 1 probability of 2 (highest)", "Row 2 probability of 0 (highest)"],
            cut.FindAll("td.best-probability").Select(d => d.GetAttribute("aria-label")));
    }

    [Fact]
    public void An_answer_without_class_probabilities_shows_only_its_json()
    {
        var cut = Render<PredictionResult>(p => p.Add(c => c.Outcome, Outcome("""{"predictions": [[7.5]]}""")));

        Assert.Empty(cut.FindAll("table"));
        Assert.Contains("7.5", cut.Find("pre").TextContent);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static PredictionOutcome Outcome(string body) => new(Target, true, 200, "3", null, 4.2, body);
}
