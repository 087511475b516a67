using Hotswap.InferenceHost;
using Hotswap.Onnx;

// First, before ONNX Runtime loads, and then ONNX Runtime starts while the host does: a cold start's first prediction
// waits for both, not one after the other.
OnnxRuntimeTelemetry.DisableUnlessConfigured();
_ = OnnxRuntimeWarmStart.Begin();

var builder = WebApplication.CreateBuilder(args);
builder.AddInferenceHost();

var app = builder.Build();
app.MapInferenceHost();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory-based tests.</summary>
public partial class Program;
