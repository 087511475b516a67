using Bunit;
using Hotswap.Contracts.Models;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>A ColumnTransformer pipeline's inputs as skl2onnx exports them: a string column beside numeric ones.</summary>
public sealed class PredictFormStringInputTests : DashboardTestContext
{
    private static readonly ModelSignature Pipeline = new(
        [
            new TensorSpec("city", "string", [-1, 1]),
            new TensorSpec("rooms", "float32", [-1, 1]),
            new TensorSpec("age", "int64", [-1, 1]),
        ],
        [new TensorSpec("variable", "float32", [-1, 1])]);

    [Fact]
    public void A_string_input_gets_a_text_grid_beside_the_numeric_grids()
    {
        var cut = Render<PredictForm>(p => p.Add(c => c.Form, PlaygroundForm.Build(Pipeline, null)));

        Assert.Equal(["city values", "rooms values", "age values"], cut.FindAll("[role=grid]").Select(g => g.GetAttribute("aria-label")));
        Assert.Equal("text", cut.Find("input[aria-label='city row 1 column 1']").GetAttribute("inputmode"));
        Assert.Equal("", cut.Find("input[aria-label='city row 1 column 1']").GetAttribute("value"));
        Assert.Equal("decimal", cut.Find("input[aria-label='rooms row 1 column 1']").GetAttribute("inputmode"));
        Assert.Empty(cut.FindAll("textarea"));
    }

    [Fact]
    public void Typed_strings_and_numbers_become_one_request_with_every_input()
    {
        var form = PlaygroundForm.Build(Pipeline, null);
        var cut = Render<PredictForm>(p => p.Add(c => c.Form, form));

        cut.Find("input[aria-label='city row 1 column 1']").Change("Paris");
        cut.Find("input[aria-label='rooms row 1 column 1']").Change("3");
        cut.Find("input[aria-label='age row 1 column 1']").Change("12");
        cut.FindAll("button").First(b => b.TextContent.Contains("Add row")).Click();
        cut.Find("input[aria-label='city row 2 column 1']").Change(" Saint-Étienne \"nord\" ");

        var body = form.BuildRequest(out var problem);
        Assert.Null(problem);
        Assert.Equal("""{"inputs":{"city":[["Paris"],[" Saint-\u00C9tienne \u0022nord\u0022 "]],"rooms":[[3]],"age":[[12]]}}""", body);
    }

    [Fact]
    public void A_string_input_is_prefilled_with_the_strings_of_the_input_example()
    {
        const string example = """{"inputs": {"city": [["Lyon"], ["Nantes"]], "rooms": [[2], [4]], "age": [[1], [30]]}}""";

        var cut = Render<PredictForm>(p => p.Add(c => c.Form, PlaygroundForm.Build(Pipeline, example)));

        Assert.Equal("Nantes", cut.Find("input[aria-label='city row 2 column 1']").GetAttribute("value"));
        Assert.Equal("4", cut.Find("input[aria-label='rooms row 2 column 1']").GetAttribute("value"));
    }

    [Fact]
    public void A_bool_input_is_sent_as_true_and_false()
    {
        var form = PlaygroundForm.Build(new ModelSignature([new TensorSpec("flags", "bool", [-1, 2])], []), null);
        form.Inputs[0].Rows[0][0] = "true";

        var body = form.BuildRequest(out var problem);

        Assert.Null(problem);
        Assert.Equal("""{"inputs":{"flags":[[true,false]]}}""", body);
    }
}
