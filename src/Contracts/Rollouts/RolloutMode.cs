using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Rollouts;

/// <summary>How a candidate version meets live traffic.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutMode>))]
public enum RolloutMode
{
    /// <summary>Fed copies of live requests off the response path; its answers are compared, never returned.</summary>
    [JsonStringEnumMemberName("shadow")]
    Shadow,

    /// <summary>Answers <c>weight</c> percent of live requests.</summary>
    [JsonStringEnumMemberName("canary")]
    Canary,
}
