using Hotswap.InferenceHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddInferenceHost();

var app = builder.Build();
app.MapInferenceHost();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory-based tests.</summary>
public partial class Program;
