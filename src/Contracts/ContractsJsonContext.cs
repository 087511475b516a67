using System.Text.Json;
using System.Text.Json.Serialization;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;

namespace Hotswap.Contracts;

/// <summary>
/// Every type that crosses the wire between hosts, the dashboard and clients, with the web defaults ASP.NET Core and
/// SignalR write: serialization code generated at build time, which a Native AOT host needs (it has no reflection
/// serializer) and which spares a JIT process building it at start.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HostStatus))]
[JsonSerializable(typeof(IReadOnlyList<ModelStatus>))]
[JsonSerializable(typeof(RolloutStats))]
[JsonSerializable(typeof(ModelVersionInfo))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersionInfo>))]
[JsonSerializable(typeof(SwapStarted))]
[JsonSerializable(typeof(SwapSucceeded))]
[JsonSerializable(typeof(SwapFailed))]
[JsonSerializable(typeof(ModelRemoved))]
[JsonSerializable(typeof(ValidationWarning))]
[JsonSerializable(typeof(DesiredStateChanged))]
[JsonSerializable(typeof(CheckCompleted))]
[JsonSerializable(typeof(AutoRollback))]
[JsonSerializable(typeof(BackgroundFault))]
[JsonSerializable(typeof(FleetReport))]
[JsonSerializable(typeof(FleetView))]
[JsonSerializable(typeof(SeedPredictRequest))]
[JsonSerializable(typeof(SeedPredictResponse))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(PinRequest))]
[JsonSerializable(typeof(StartRolloutRequest))]
[JsonSerializable(typeof(RolloutWeightRequest))]
[JsonSerializable(typeof(ControlResult))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
