using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// Reads the JSON of MLflow's REST API with generated code, because a Native AOT host has no reflection serializer:
/// snake_case names matched in any case, and numbers accepted as strings too (the web defaults, with MLflow's naming).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(MlflowRegistryJson.ModelVersionAnswer))]
[JsonSerializable(typeof(MlflowRegistryJson.RegisteredModelAnswer))]
[JsonSerializable(typeof(MlflowRegistryJson.RunAnswer))]
[JsonSerializable(typeof(MlflowRegistryJson.LoggedModelAnswer))]
[JsonSerializable(typeof(MlflowRegistryJson.ArtifactListing))]
[JsonSerializable(typeof(MlflowError))]
internal sealed partial class MlflowJsonContext : JsonSerializerContext;
