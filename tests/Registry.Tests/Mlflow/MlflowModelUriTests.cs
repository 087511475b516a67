using Hotswap.Registry.Mlflow;

namespace Hotswap.Registry.Tests.Mlflow;

public sealed class MlflowModelUriTests
{
    [Theory]
    [InlineData("models:/iris@champion", "iris", "champion", null)]
    [InlineData("models:/iris classifier@prod-2", "iris classifier", "prod-2", null)]
    [InlineData("models:/main.ml.iris@champion", "main.ml.iris", "champion", null)]
    [InlineData("models:/iris/latest", "iris", null, null)]
    [InlineData("models:/iris/7", "iris", null, "7")]
    public void Aliases_latest_and_version_numbers_parse_as_MLflow_reads_them(string text, string name, string? alias, string? version)
    {
        var uri = MlflowModelUri.Parse(text);

        Assert.Equal((name, alias, version), (uri.Name, uri.Alias, uri.Version));
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Only_an_alias_or_latest_moves()
    {
        Assert.Equal([true, true, false], new[] { "models:/iris@champion", "models:/iris/latest", "models:/iris/3" }.Select(t => MlflowModelUri.Parse(t).Moves));
    }

    [Theory]
    [InlineData("runs:/abc/model", "not a models:/ URI")]
    [InlineData("models:/iris/Production", "stages such as Production are deprecated")]
    [InlineData("models:/iris@latest", "names no valid alias")]
    [InlineData("models:/iris@v3", "names no valid alias")]
    [InlineData("models:/iris@cham pion", "names no valid alias")]
    [InlineData("models:/iris/0", "names neither a version number nor latest")]
    [InlineData("models:/@champion", "names no alias or version")]
    [InlineData("models:/iris", "names no alias or version")]
    [InlineData("models:/ iris@champion", "names no valid registered model")]
    public void A_uri_MLflow_would_not_resolve_is_refused_saying_why(string text, string problem)
    {
        Assert.False(MlflowModelUri.TryParse(text, out _, out var said));

        Assert.Contains(problem, said, StringComparison.Ordinal);
    }
}
