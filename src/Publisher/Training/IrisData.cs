using System.Text.Json;

namespace Hotswap.Publisher.Training;

/// <summary>Fisher's 150 Iris flowers, embedded in the publisher so training needs no file and no network.</summary>
public static class IrisData
{
    private const string ResourceName = "Hotswap.Publisher.Training.iris.json";

    /// <summary>
    /// Rows of <c>[sepal length, sepal width, petal length, petal width, species]</c>: petal length (column 2) is
    /// predicted from the other three measurements (columns 0, 1, 3).
    /// </summary>
    public static IReadOnlyList<IrisRow> Load()
    {
        using var stream = typeof(IrisData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The publisher was built without its {ResourceName} resource.");
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.EnumerateArray().Select(ToRow)];
    }

    private static IrisRow ToRow(JsonElement row) => new()
    {
        Features = [row[0].GetSingle(), row[1].GetSingle(), row[3].GetSingle()],
        Label = row[2].GetSingle(),
    };
}
