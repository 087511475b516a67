using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Configuration;

/// <summary>
/// Reports every problem of <c>Control:*</c> at start-up: outside Development a short or demo <c>Control:Token</c> or a
/// demo token's hash; in every environment an operator without a well-formed name, hash or role, two operators with
/// one name (in any case) or one token.
/// </summary>
public sealed class ControlOptionsValidator(IHostEnvironment environment) : IValidateOptions<ControlOptions>
{
    public ValidateOptionsResult Validate(string? name, ControlOptions options)
    {
        List<string> problems = [];
        if (OperatorTokenRule.Problem($"{ControlOptions.Section}:{nameof(ControlOptions.Token)}", options.Token, environment) is { } tokenProblem)
        {
            problems.Add(tokenProblem);
        }

        var holders = new List<(string Key, string Name, string? Hash)>();
        if (options.Token is { Length: > 0 } token)
        {
            holders.Add(($"{ControlOptions.Section}:{nameof(ControlOptions.Token)}", ControlOptions.SharedTokenName, Convert.ToHexString(OperatorTokenHash.Of(token))));
        }

        foreach (var (entry, i) in options.Operators.Select((e, i) => (e, i)))
        {
            var key = $"{ControlOptions.Section}:{nameof(ControlOptions.Operators)}:{i}";
            problems.AddRange(EntryProblems(key, entry));
            holders.Add(($"{key} ({entry.Name})", entry.Name ?? "", OperatorTokenHash.IsWellFormed(entry.TokenHash) ? entry.TokenHash!.ToUpperInvariant() : null));
        }

        problems.AddRange(holders.Where(h => h.Name.Length > 0).GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(h => h.Key))} share the name '{g.Key}' (names are compared in any case): every operator needs a name of their own, as it is recorded as the actor."));
        problems.AddRange(holders.Where(h => h.Hash is not null).GroupBy(h => h.Hash).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(h => h.Key))} have the same token: every operator needs a token of their own (make one with 'hotswap-publisher hash-token')."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private IEnumerable<string> EntryProblems(string key, OperatorOptions entry)
    {
        if (!OperatorNames.IsWellFormed(entry.Name))
        {
            yield return $"{key}:{nameof(OperatorOptions.Name)} '{entry.Name}' is not a name: use {OperatorNames.Rule}.";
        }

        if (!OperatorTokenHash.IsWellFormed(entry.TokenHash))
        {
            yield return $"{key} ({entry.Name}) {nameof(OperatorOptions.TokenHash)} is not {OperatorTokenHash.Length} hexadecimal digits (the SHA-256 of the token); make a token and its hash with 'hotswap-publisher hash-token'.";
        }
        else if (OperatorTokenRule.HashProblem($"{key} ({entry.Name}) {nameof(OperatorOptions.TokenHash)}", entry.TokenHash!, environment) is { } hashProblem)
        {
            yield return hashProblem;
        }

        if (entry.Role is not (OperatorOptions.OperatorRole or OperatorOptions.ViewerRole))
        {
            yield return $"{key} ({entry.Name}) {nameof(OperatorOptions.Role)} is '{entry.Role}'; use '{OperatorOptions.OperatorRole}' or '{OperatorOptions.ViewerRole}'.";
        }
    }
}
