using Hotswap.Contracts.Models;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Registry.Versions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>
/// scikit-learn models as skl2onnx exports them, served and tried in the playground: a LogisticRegression
/// (LinearClassifier + Normalizer + ZipMap) and a ColumnTransformer pipeline with a string column.
/// </summary>
public sealed class PlaygroundClassifierTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private static readonly ModelSignature ClassifierSignature = new(
        [new TensorSpec(SklearnLogisticRegression.InputName, "float32", [-1, 4])],
        [new TensorSpec(SklearnOutputs.Label, "int64", [-1]), new TensorSpec(SklearnOutputs.Probability, "seq(map(int64,float32))", [])]);

    private static readonly ModelSignature PipelineSignature = new(
        [
            new TensorSpec(SklearnColumnPipeline.CityInput, "string", [-1, 1]),
            new TensorSpec(SklearnColumnPipeline.RoomsInput, "float32", [-1, 1]),
            new TensorSpec(SklearnColumnPipeline.AgeInput, "int64", [-1, 1]),
        ],
        [new TensorSpec(SklearnColumnPipeline.Output, "float32", [-1, 1])]);

    [Fact]
    public async Task A_classifiers_zipmap_answer_shows_the_label_and_the_class_probabilities_with_the_highest_marked()
    {
        var page = await PublishAndOpenAsync("iris_classifier", SklearnLogisticRegression.Iris.ToOnnx(), ClassifierSignature, inputExample: null);
        string[] virginica = ["6.9", "3.1", "5.4", "2.1"];
        for (var column = 0; column < virginica.Length; column++)
        {
            await page.GetByLabel($"{SklearnLogisticRegression.InputName} row 1 column {column + 1}", new() { Exact = true }).FillAsync(virginica[column]);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        var classes = page.GetByLabel($"Classes from {fleet.HostUrls[0]} (served)", new() { Exact = true });
        await Expect(classes).ToContainTextAsync(SklearnOutputs.Label);
        await Expect(classes.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["Row", SklearnOutputs.Label, "P(0)", "P(1)", "P(2)"]);
        await Expect(classes.Locator("tbody td").Nth(1)).ToHaveTextAsync("2");
        await Expect(classes.GetByLabel("Row 1 probability of 2 (highest)", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "playground-classifier");
    }

    [Fact]
    public async Task A_string_column_is_edited_as_text_and_the_pipeline_answers_for_that_category()
    {
        var pipeline = SklearnColumnPipeline.Houses;
        const string example = """{"inputs": {"city": [["Paris"]], "rooms": [[3]], "age": [[12]]}}""";
        var page = await PublishAndOpenAsync("house_prices", pipeline.ToOnnx(), PipelineSignature, example);

        var city = page.GetByLabel("city row 1 column 1", new() { Exact = true });
        await Expect(city).ToHaveValueAsync("Paris");
        await city.FillAsync("Lyon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        var lyon = pipeline.Intercept + pipeline.Coefficients[Array.IndexOf(pipeline.Cities, "Lyon")] + (3 * pipeline.Coefficients[^2]) + (12 * pipeline.Coefficients[^1]);
        var result = page.GetByLabel($"Result from {fleet.HostUrls[0]} (served)", new() { Exact = true });
        await Expect(result).ToContainTextAsync(lyon.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Publishes version 1 of <paramref name="model"/>, waits until every host serves it and opens it in the playground.</summary>
    private async Task<IPage> PublishAndOpenAsync(string model, byte[] onnx, ModelSignature signature, string? inputExample)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("hotswap-sklearn-").FullName, "model.onnx");
        await File.WriteAllBytesAsync(file, onnx);
        await fleet.Store.Registry.PublishAsync(
            new PublishRequest { Model = model, Version = "1", OnnxFilePath = file, Signature = signature, InputExampleJson = inputExample, PublishedBy = "tests" },
            CancellationToken.None);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        await Task.WhenAll(fleet.Hosts.Select(h => h.WaitUntilServingAsync("1", model)));

        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/playground");
        await page.GetByLabel("Model", new() { Exact = true }).ClickAsync();
        // The dashboard learns of the new model from the hosts' next status: the option may take a moment to appear.
        await page.GetByRole(AriaRole.Option, new() { Name = $"{model} (serving 1)", Exact = true }).ClickAsync();
        return page;
    }
}
