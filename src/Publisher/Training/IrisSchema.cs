using Microsoft.ML.Data;

namespace Hotswap.Publisher.Training;

/// <summary>One Iris flower as ML.NET trains on it: three measurements in one vector, petal length as the label.</summary>
public sealed class IrisRow
{
    public const int FeatureCount = 3;

    /// <summary>The ONNX input is named after this column: the same name the hosts' generated models use.</summary>
    public const string FeaturesColumn = "features";

    [ColumnName(FeaturesColumn)]
    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}

/// <summary>
/// The label-less schema: exporting with it (and only the Score column) gives an ONNX graph with exactly one input,
/// where the training schema would add a Label input and an unused Int64 output.
/// </summary>
public sealed class IrisFeatures
{
    [ColumnName(IrisRow.FeaturesColumn)]
    [VectorType(IrisRow.FeatureCount)]
    public float[] Features { get; set; } = [];
}

public sealed class IrisPrediction
{
    public float Score { get; set; }
}
