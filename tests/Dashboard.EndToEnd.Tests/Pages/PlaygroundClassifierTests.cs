using Hotswap.Contracts.Models;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Registry.Versions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>A LogisticRegression as skl2onnx exports it (LinearClassifier + Normalizer + ZipMap), served and tried in the playground.</summary>
public sealed class PlaygroundClassifierTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private const string Model = "iris_classifier";

    private static readonly ModelSignature Signature = new(
        [new TensorSpec(SklearnLogisticRegression.InputName, "float32", [-1, 4])],
        [new TensorSpec(SklearnOutputs.Label, "int64", [-1]), new TensorSpec(SklearnOutputs.Probability, "seq(map(int64,float32))", [])]);

    [Fact]
    public async Task A_classifiers_zipmap_answer_shows_the_label_and_the_class_probabilities_with_the_highest_marked()
    {
        await PublishAsync(SklearnLogisticRegression.Iris.ToOnnx());
        await Task.WhenAll(fleet.Hosts.Select(h => h.WaitUntilServingAsync("1", Model)));
        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/playground");

        await page.GetByLabel("Model", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"{Model} (serving 1)", Exact = true }).ClickAsync(new() { Timeout = 20_000 });
        string[] virginica = ["6.9", "3.1", "5.4", "2.1"];
        for (var column = 0; column < virginica.Length; column++)
        {
            await page.GetByLabel($"{SklearnLogisticRegression.InputName} row 1 column {column + 1}", new() { Exact = true }).FillAsync(virginica[column]);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        var classes = page.GetByLabel($"Classes from {fleet.HostUrls[0]} (served)", new() { Exact = true });
        await Expect(classes).ToContainTextAsync(SklearnOutputs.Label, new() { Timeout = 20_000 });
        await Expect(classes.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["Row", SklearnOutputs.Label, "P(0)", "P(1)", "P(2)"]);
        await Expect(classes.Locator("tbody td").Nth(1)).ToHaveTextAsync("2");
        await Expect(classes.GetByLabel("Row 1 probability of 2 (highest)", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "playground-classifier");
    }

    private async Task PublishAsync(byte[] onnx)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("hotswap-classifier-").FullName, "model.onnx");
        await File.WriteAllBytesAsync(file, onnx);
        await fleet.Store.Registry.PublishAsync(
            new PublishRequest { Model = Model, Version = "1", OnnxFilePath = file, Signature = Signature, PublishedBy = "tests" },
            CancellationToken.None);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
