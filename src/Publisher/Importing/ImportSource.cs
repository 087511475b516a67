using Hotswap.Contracts.Models;
using Hotswap.Registry.Versions;

namespace Hotswap.Publisher.Importing;

/// <summary>What an import brings: an ONNX file and whatever an MLflow model directory says about it.</summary>
public sealed record ImportSource
{
    public required string OnnxPath { get; init; }

    /// <summary>Empty when the source declares none: the publisher then reads it from the ONNX graph.</summary>
    public ModelSignature Signature { get; init; } = ModelSignature.Empty;

    public string? RunId { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public string? InputExampleJson { get; init; }
    public required string Description { get; init; }

    public static ImportSource Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            return FromMlflowDirectory(fullPath);
        }

        return File.Exists(fullPath)
            ? new ImportSource { OnnxPath = fullPath, Description = $"imported from {fullPath}" }
            : throw new FileNotFoundException($"{fullPath} does not exist: give an .onnx file or an MLflow model directory.", fullPath);
    }

    private static ImportSource FromMlflowDirectory(string directory)
    {
        var mlModelPath = Path.Combine(directory, MlModel.FileName);
        if (!File.Exists(mlModelPath))
        {
            throw new FileNotFoundException($"{directory} has no {MlModel.FileName} file, so it is not an MLflow model directory.", mlModelPath);
        }

        var mlModel = MlModel.Parse(File.ReadAllText(mlModelPath), mlModelPath);
        var onnxPath = Path.GetFullPath(Path.Combine(directory, mlModel.OnnxFile));
        if (!File.Exists(onnxPath))
        {
            throw new FileNotFoundException($"{mlModelPath} names {mlModel.OnnxFile} as its ONNX file (flavors.onnx.data), but {onnxPath} does not exist.", onnxPath);
        }

        var examplePath = Path.Combine(directory, mlModel.InputExampleFile ?? MlModel.InputExampleFileName);
        return new ImportSource
        {
            OnnxPath = onnxPath,
            Signature = mlModel.Signature,
            RunId = mlModel.RunId,
            Metrics = mlModel.Metrics,
            InputExampleJson = File.Exists(examplePath) ? File.ReadAllText(examplePath) : null,
            Description = mlModel.Source ?? $"imported from the MLflow model {directory}",
        };
    }
}
