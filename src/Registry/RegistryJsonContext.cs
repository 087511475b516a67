using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Hotswap.Registry.Audit;
using Hotswap.Registry.DesiredState;

namespace Hotswap.Registry;

/// <summary>
/// The JSON the registry keeps in the store, model_list.json and the audit trail's records, read and written by
/// generated code because a Native AOT host has no reflection serializer. Indented and otherwise the serializer's
/// defaults, as the files have always been written: the same bytes either way.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, ModelEntry>))]
[JsonSerializable(typeof(ImmutableSortedDictionary<string, ModelEntry>))]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
