using System.CommandLine;
using System.Globalization;
using Hotswap.Registry.Audit;

namespace Hotswap.Publisher.Commands;

public static class AuditCommand
{
    public static Command Create(CliContext cli, StoreSelection store)
    {
        var limit = new Option<int>("--limit")
        {
            Description = $"How many of the newest records to list (1 to {AuditTrail.MaxPage}).",
            HelpName = "count",
            DefaultValueFactory = _ => 50,
        };
        var command = new Command("audit", "Lists the audit trail kept beside the desired state, newest first: every change made by an operator, the dashboard, the CLI, a guard or a publish, and every refused one.") { limit };
        command.SetRegistryAction(cli, store, async (parse, registry, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1 or > AuditTrail.MaxPage)
            {
                throw new UsageException($"--limit must be from 1 to {AuditTrail.MaxPage} (got {parse.GetValue(limit)}).");
            }

            var records = await registry.Audit.ReadAsync(parse.GetValue(limit), cancellationToken);
            if (records.Count == 0)
            {
                cli.Out.WriteLine($"no audit records in {registry.Location}");
                return;
            }

            var table = new TextTable("AT (UTC)", "ACTOR", "CHANGE", "MODEL", "FROM", "TO", "OUTCOME", "REASON");
            foreach (var r in records)
            {
                table.Add(r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Actor, r.Change, r.Model, r.From ?? "-", r.To ?? "-",
                    r.Detail is { } detail ? $"{r.Outcome}: {detail}" : r.Outcome, r.Reason ?? "");
            }

            table.WriteTo(cli.Out);
        });
        return command;
    }
}
