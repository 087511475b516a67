using Hotswap.Bench.Store;
using Hotswap.Onnx;

namespace Hotswap.Bench.Micro;

/// <summary>A model and batch that the overhead scenario serves over HTTP and runs in-process.</summary>
public enum ServingCase
{
    Iris1Row,
    Iris64Rows,
    WakeWord1Row,
}

public static class ServingCases
{
    public static string Model(this ServingCase c) => c == ServingCase.WakeWord1Row ? BenchModels.WakeWord : BenchModels.Iris;

    public static int Rows(this ServingCase c) => c == ServingCase.Iris64Rows ? 64 : 1;

    /// <summary>Version 1 of the case's model: what the overhead scenario publishes and what the host serves.</summary>
    public static GeneratedModel Graph(this ServingCase c) =>
        c == ServingCase.WakeWord1Row ? BenchModels.WakeWordVersion(1) : BenchModels.IrisVersion(1);

    public static string Describe(this ServingCase c) => c switch
    {
        ServingCase.Iris1Row => "iris, 1 row",
        ServingCase.Iris64Rows => "iris, 64 rows",
        _ => "wake-word ~1 MB, 1 row",
    };
}
