using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotswap.Testing.Hosts;

public static class Json
{
    /// <summary>The web defaults with enums as names, as the host writes them.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
