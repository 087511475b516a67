using Hotswap.Dashboard.Model;

namespace Hotswap.Dashboard.Tests.Model;

public sealed class ClassifierAnswerViewModelTests
{
    [Fact]
    public void String_class_labels_are_read_as_their_text()
    {
        const string body = """{"predictions": {"output_label": ["virginica"], "output_probability": [{"setosa": 0.0, "versicolor": 0.3, "virginica": 0.7}]}}""";

        var answer = ClassifierAnswerViewModel.TryRead(body)!;

        Assert.Equal(["setosa", "versicolor", "virginica"], answer.Classes);
        var row = Assert.Single(answer.Rows);
        Assert.Equal("virginica", row.Label);
        Assert.Equal([0.0, 0.3, 0.7], row.Probabilities);
        Assert.Equal(2, row.Best);
    }

    [Fact]
    public void A_model_whose_only_output_is_the_zipmap_gets_a_table_without_labels()
    {
        var answer = ClassifierAnswerViewModel.TryRead("""{"predictions": [{"0": 0.6, "1": 0.4}, {"0": 0.2, "1": 0.8}]}""")!;

        Assert.Null(answer.LabelOutput);
        Assert.Equal([0, 1], answer.Rows.Select(r => r.Best));
        Assert.All(answer.Rows, r => Assert.Null(r.Label));
    }

    [Theory]
    [InlineData("""{"predictions": {"variable": [[412.5]]}}""")]
    [InlineData("""{"predictions": [[1, 2]]}""")]
    [InlineData("""[{"0": 0.5}]""")]
    [InlineData("not json")]
    public void An_answer_without_class_probability_maps_gives_no_table(string body) =>
        Assert.Null(ClassifierAnswerViewModel.TryRead(body));
}
