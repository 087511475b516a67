using Bunit;
using Hotswap.Contracts.Models;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class PredictFormTests : DashboardTestContext
{
    private static readonly ModelSignature ThreeInputs = new(
        [
            new TensorSpec("features", "float32", [-1, 3]),
            new TensorSpec("offset", "int64", [-1]),
            new TensorSpec("spectrogram", "float32", [-1, 4, 8]),
        ],
        [new TensorSpec("score", "float32", [-1, 1])]);

    private const string Example = """{"inputs": {"features": [[5.1, 3.5, 0.2], [6.2, 2.9, 1.8]], "offset": [7, 8], "spectrogram": [[[1]]]}}""";

    [Fact]
    public void A_signature_with_several_inputs_gets_a_grid_for_each_table_and_json_for_the_rest()
    {
        var cut = Render<PredictForm>(p => p.Add(c => c.Form, PlaygroundForm.Build(ThreeInputs, null)));

        var grids = cut.FindAll("[role=grid]");
        Assert.Equal(["features values", "offset values"], grids.Select(g => g.GetAttribute("aria-label")));
        Assert.Equal(3, grids[0].QuerySelectorAll("input.cell").Length);
        Assert.Single(grids[1].QuerySelectorAll("input.cell"));
        Assert.Single(cut.FindAll("textarea"));
        Assert.Contains("spectrogram (JSON)", cut.Markup);
    }

    [Fact]
    public void The_form_is_prefilled_from_the_input_example()
    {
        var cut = Render<PredictForm>(p => p.Add(c => c.Form, PlaygroundForm.Build(ThreeInputs, Example)));

        Assert.Equal("6.2", cut.Find("input[aria-label='features row 2 column 1']").GetAttribute("value"));
        Assert.Equal("8", cut.Find("input[aria-label='offset row 2 column 1']").GetAttribute("value"));
        Assert.Contains("1", cut.Find("textarea").TextContent + cut.Find("textarea").GetAttribute("value"));
    }

    [Fact]
    public void Edited_cells_become_the_request_body()
    {
        var form = PlaygroundForm.Build(ThreeInputs, Example);
        var cut = Render<PredictForm>(p => p.Add(c => c.Form, form));

        cut.Find("input[aria-label='features row 1 column 3']").Change("0.4");
        cut.FindAll("button").First(b => b.TextContent.Contains("Add row")).Click();

        var body = form.BuildRequest(out var problem);
        Assert.Null(problem);
        Assert.Equal("""{"inputs":{"features":[[5.1,3.5,0.4],[6.2,2.9,1.8],[0,0,0]],"offset":[7,8],"spectrogram":[[[1]]]}}""", body);
    }

    [Fact]
    public void A_cell_that_is_not_a_number_is_reported_by_input_row_and_column()
    {
        var form = PlaygroundForm.Build(ThreeInputs, Example);
        form.Inputs[1].Rows[0][0] = "7.5";

        form.BuildRequest(out var problem);

        Assert.Equal("offset: row 1, column 1 is '7.5', not an integer", problem);
    }
}
