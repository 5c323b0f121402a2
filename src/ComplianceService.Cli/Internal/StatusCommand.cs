using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary><c>status</c>: the active revision, the activation history and which servers serve what.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var history = new Option<int>("--history", "-n")
        {
            Description = "How many activations of the history to show",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("status", "Show the active revision, the activation history (who, when, previous) and which servers have loaded what")
        {
            redis,
            prefix,
            history,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var count = parseResult.GetValue(history);
            if (count < 0)
            {
                throw new CommandFailure(ExitCodes.Usage, "--history must not be negative");
            }

            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!).ConfigureAwait(false);
            var active = await store.GetActiveAsync().ConfigureAwait(false);
            var activations = count == 0 ? [] : await store.GetHistoryAsync(count).ConfigureAwait(false);
            var instances = await store.GetInstancesAsync().ConfigureAwait(false);

            if (active is null)
            {
                console.OutWriter.WriteLine("active revision: (none: nothing was ever published)");
            }
            else
            {
                console.OutWriter.WriteLine($"active revision: {active.Revision}");
                console.OutWriter.WriteLine($"activated by {active.ActivatedBy} at {Formats.Time(active.ActivatedAt)}; previous {active.PreviousRevision ?? "(none)"}");
            }

            if (activations.Count > 0)
            {
                var table = new Table().Title("History (newest first)").AddColumns("when", "by", "revision", "previous");
                foreach (var activation in activations)
                {
                    table.AddRow(
                        new Text(Formats.Time(activation.ActivatedAt)),
                        new Text(activation.ActivatedBy),
                        new Text(Formats.Short(activation.Revision)),
                        new Text(Formats.Short(activation.PreviousRevision)));
                }

                console.Out.Write(table);
            }

            if (instances.Count == 0)
            {
                console.OutWriter.WriteLine("servers: none has reported recently");
                return ExitCodes.Ok;
            }

            var servers = new Table().Title("Servers").AddColumns("instance", "revision", "last seen", "");
            var behind = 0;
            foreach (var instance in instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal))
            {
                var current = instance.Revision == active?.Revision;
                behind += current ? 0 : 1;
                servers.AddRow(
                    new Text(instance.InstanceId),
                    new Text(Formats.Short(instance.Revision)),
                    new Text(Formats.Time(instance.LastSeen)),
                    current ? new Text("active") : new Markup("[yellow]NOT ON ACTIVE REVISION[/]"));
            }

            servers.Caption(string.Create(CultureInfo.InvariantCulture, $"{instances.Count} server(s) reporting, {behind} not on the active revision"));
            console.Out.Write(servers);
            return ExitCodes.Ok;
        });
        return command;
    }
}
