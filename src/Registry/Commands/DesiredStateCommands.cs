using Hotswap.Registry.Audit;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry.Commands;

/// <summary>
/// The one way a person or a process changes the desired state: checks the input limits, applies the command under
/// the rollout policy, and appends what happened to the audit trail in the store. Applied changes are recorded; so are
/// refusals (<see cref="CommandRefusedException"/>: an approval of one's own rollout, a promotion before its bake
/// time), so an attempt to get round the rollout policy is visible. Invalid input and unknown models or versions are
/// answered, not recorded.
/// </summary>
public sealed class DesiredStateCommands(ModelRegistry registry, RolloutPolicy policy, TimeProvider time)
{
    public const int MaxReasonLength = 1000;
    public const int MaxActorLength = 100;

    /// <summary>Applies <paramref name="command"/> as <paramref name="actor"/>; the entry it wrote, or null when it wrote nothing.</summary>
    public async Task<ModelEntry?> ApplyAsync(DesiredStateCommand command, string actor, CancellationToken cancellationToken)
    {
        EnsureValid(command.Model, command.Version, command.Reason, actor);
        if (!command.ChangesDesiredState)
        {
            return null;
        }

        var before = (await registry.DesiredState.ReadAsync(cancellationToken)).Document.Find(command.Model);
        ModelEntry? after;
        try
        {
            after = await command.ApplyAsync(registry, new CommandContext(actor, policy), cancellationToken);
        }
        catch (CommandRefusedException e)
        {
            await AppendAsync(command.Change, command.Model, actor, before?.Version, command.Version, command.Reason, AuditRecord.Refused, e.Message, cancellationToken);
            throw;
        }

        if (after is not null)
        {
            var to = command.ChangesCandidateOnly ? after.Candidate?.Version : after.Version;
            await AppendAsync(command.Change, command.Model, actor, before?.Version, to, after.Reason, AuditRecord.Applied, null, cancellationToken);
        }

        return after;
    }

    /// <summary>Publishes a version; its advance of the desired state (or its hold by a pin) is audited under <see cref="PublishRequest.PublishedBy"/>.</summary>
    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        EnsureValid(request.Model, request.Version, request.Reason, request.PublishedBy);
        var before = (await registry.DesiredState.ReadAsync(cancellationToken)).Document.Find(request.Model);
        var result = await registry.PublishAsync(request, cancellationToken);
        var detail = result.HeldAt is not { } held ? null
            : result.Follows is { } follows ? $"version {result.Version.Version} published; the fleet stays on version {held}, as it follows {follows}"
            : $"version {result.Version.Version} published; the pin holds the fleet on version {held}";
        await AppendAsync("publish", request.Model, request.PublishedBy, before?.Version, result.DesiredStateAdvanced ? result.Version.Version : before?.Version,
            request.Reason ?? $"published version {result.Version.Version}", AuditRecord.Applied, detail, cancellationToken);
        return result;
    }

    private Task AppendAsync(string change, string model, string actor, string? from, string? to, string? reason, string outcome, string? detail, CancellationToken cancellationToken) =>
        registry.Audit.AppendAsync(new AuditRecord(time.GetUtcNow(), actor, change, model, from, to, reason, outcome, detail), cancellationToken);

    private static void EnsureValid(string model, string? version, string? reason, string actor)
    {
        Naming.EnsureValidModel(model);
        if (version is not null)
        {
            Naming.EnsureValidVersion(model, version);
        }

        if (reason is { Length: > MaxReasonLength })
        {
            throw new ArgumentException($"The reason is {reason.Length} characters long; at most {MaxReasonLength} are kept.");
        }

        if (string.IsNullOrWhiteSpace(actor) || actor.Length > MaxActorLength)
        {
            throw new ArgumentException($"The actor '{(actor.Length > MaxActorLength ? actor[..MaxActorLength] + "…" : actor)}' must be a name of 1 to {MaxActorLength} characters.");
        }
    }
}
