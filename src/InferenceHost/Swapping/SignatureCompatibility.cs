using Hotswap.Contracts.Models;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Whether what clients send to the served version today will still fit a new version: every input the new version
/// needs must exist now with the same element type and a shape that does not contradict it.
/// </summary>
public static class SignatureCompatibility
{
    /// <summary>The first incompatibility, or null when the new signature accepts today's requests.</summary>
    public static string? Check(ModelSignature current, ModelSignature next)
    {
        foreach (var input in next.Inputs)
        {
            var now = current.Inputs.FirstOrDefault(i => i.Name == input.Name);
            if (now is null)
            {
                return $"it needs input '{input.Name}' ({input}), which clients do not send today (they send {string.Join(", ", current.Inputs)})";
            }

            if (now.DType != input.DType)
            {
                return $"input '{input.Name}' changes type from {now.DType} to {input.DType}";
            }

            if (now.Shape.Count != input.Shape.Count || now.Shape.Zip(input.Shape).Any(d => d.First >= 0 && d.Second >= 0 && d.First != d.Second))
            {
                return $"input '{input.Name}' changes shape from [{string.Join(",", now.Shape)}] to [{string.Join(",", input.Shape)}]";
            }
        }

        return null;
    }
}
