using System.CommandLine;
using ComplianceService.Engine.Analysis;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>diff --from X --to Y</c>: every request the two sides answer differently, as regions (see <see cref="PolicyDiff"/>).
/// Exit 0 when nothing changes, 1 when something does.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from")
        {
            Description = "The policies answering now: a policy folder, a bundle file, or a revision in the store (64 hex digits, a prefix of at least 8, or 'active'; needs --redis)",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "The policies that would answer instead (same forms as --from)",
            Required = true,
        };
        var format = Format();
        var jurisdiction = Jurisdiction();
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var command = new Command(
            "diff",
            "Show every request two policy versions answer differently (outcome, visa or obligations), exhaustively, as regions; exit 0 when none, 1 when some")
        {
            from,
            to,
            format,
            jurisdiction,
            redis,
            prefix,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            await using var sides = new PolicySides(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!);
            var (before, beforeName) = await sides.LoadAsync("--from", parseResult.GetValue(from)!).ConfigureAwait(false);
            var (after, afterName) = await sides.LoadAsync("--to", parseResult.GetValue(to)!).ConfigureAwait(false);
            var only = parseResult.GetValue(jurisdiction);
            if (only is not null && !before.JurisdictionIds.Contains(only) && !after.JurisdictionIds.Contains(only))
            {
                throw new CommandFailure(ExitCodes.Usage, $"--jurisdiction: '{only}' is served by neither side (ids are exact and lower case)");
            }

            var report = await console.ProgressAsync("Comparing every input", () => Task.Run(() => PolicyDiff.Compare(before, after, only))).ConfigureAwait(false);
            if (parseResult.GetValue(format) == "json")
            {
                DiffOutput.WriteJson(console.OutWriter, report, beforeName, afterName);
            }
            else
            {
                DiffOutput.WriteText(console.OutWriter, report, beforeName, afterName);
            }

            return report.HasChanges ? ExitCodes.PoliciesDiffer : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--format text|json.</summary>
    public static Option<string> Format() => new Option<string>("--format")
    {
        Description = "text (one block per region) or json (one object per region)",
        DefaultValueFactory = _ => "text",
    }.OneOf("text", "json");

    /// <summary>--jurisdiction J.</summary>
    public static Option<string?> Jurisdiction() => new("--jurisdiction", "-j")
    {
        Description = "Only this jurisdiction (an id such as us-mt-bozeman)",
    };
}
