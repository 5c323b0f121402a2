using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using ComplianceService.Engine.Analysis;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>coverage</c>: where NOT_ADDRESSED falls, per jurisdiction and action or request, as regions with counts
/// (see <see cref="PolicyCoverage"/>), in Markdown or HTML, for a policy author to see what a policy leaves unsaid.
/// </summary>
internal static class CoverageCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = new Option<string>("--policies", "-p")
        {
            Description = "The policies: a policy folder, a bundle file, or a revision in the store (needs --redis)",
            DefaultValueFactory = _ => "policies",
        };
        var format = new Option<string>("--format")
        {
            Description = "md (Markdown) or html",
            DefaultValueFactory = _ => "md",
        }.OneOf("md", "html");
        var jurisdiction = DiffCommand.Jurisdiction();
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var command = new Command("coverage", "Report where NOT_ADDRESSED falls: per jurisdiction and action or request, the regions of requests no source decides, with counts")
        {
            policies,
            format,
            jurisdiction,
            redis,
            prefix,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            await using var sides = new PolicySides(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!);
            var (snapshot, name) = await sides.LoadAsync("--policies", parseResult.GetValue(policies)!).ConfigureAwait(false);
            var only = parseResult.GetValue(jurisdiction);
            if (only is not null && !snapshot.JurisdictionIds.Contains(only))
            {
                throw new CommandFailure(ExitCodes.Usage, $"--jurisdiction: '{only}' is not served by {name}");
            }

            var regions = await console.ProgressAsync("Enumerating every input", () => Task.Run(() => PolicyCoverage.NotAddressed(snapshot, only))).ConfigureAwait(false);
            string[] jurisdictions = only is null ? [.. snapshot.JurisdictionIds] : [only];
            console.OutWriter.Write(parseResult.GetValue(format) == "html" ? Html(name, jurisdictions, regions) : Markdown(name, jurisdictions, regions));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Markdown(string name, IReadOnlyList<string> jurisdictions, IReadOnlyList<CoverageRegion> regions)
    {
        var text = new StringBuilder();
        text.AppendLine("# Coverage: where NOT_ADDRESSED falls").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Policies: {name}. Counts are distinct requests per date (every assignment of the request kind's facts, and for an encounter every contact, role and crime or none).");
        foreach (var id in jurisdictions)
        {
            var own = regions.Where(r => r.Jurisdiction == id).ToList();
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {id}").AppendLine();
            if (own.Count == 0)
            {
                text.AppendLine("Every request is decided, on every date.");
                continue;
            }

            text.AppendLine("| action/request | dates | when | requests | of |");
            text.AppendLine("| --- | --- | --- | ---: | ---: |");
            foreach (var region in own)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {region.Condition.Target} | {DiffOutput.Dates(region.From, region.Until)} | {region.Condition.ToString().Replace("|", "\\|", StringComparison.Ordinal)} | {region.Requests:N0} | {InputRegion.AllRequests(region.Condition.Action, region.Condition.Request):N0} |");
            }
        }

        return text.ToString();
    }

    private static string Html(string name, IReadOnlyList<string> jurisdictions, IReadOnlyList<CoverageRegion> regions)
    {
        var text = new StringBuilder();
        text.AppendLine("<!DOCTYPE html>");
        text.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Coverage: where NOT_ADDRESSED falls</title>");
        text.AppendLine("<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left}td.n{text-align:right}</style></head><body>");
        text.AppendLine("<h1>Coverage: where NOT_ADDRESSED falls</h1>");
        text.AppendLine(CultureInfo.InvariantCulture, $"<p>Policies: {WebUtility.HtmlEncode(name)}. Counts are distinct requests per date (every assignment of the request kind's facts, and for an encounter every contact, role and crime or none).</p>");
        foreach (var id in jurisdictions)
        {
            var own = regions.Where(r => r.Jurisdiction == id).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"<h2>{WebUtility.HtmlEncode(id)}</h2>");
            if (own.Count == 0)
            {
                text.AppendLine("<p>Every request is decided, on every date.</p>");
                continue;
            }

            text.AppendLine("<table><tr><th>action/request</th><th>dates</th><th>when</th><th>requests</th><th>of</th></tr>");
            foreach (var region in own)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"<tr><td>{region.Condition.Target}</td><td>{WebUtility.HtmlEncode(DiffOutput.Dates(region.From, region.Until))}</td><td>{WebUtility.HtmlEncode(region.Condition.ToString())}</td><td class=\"n\">{region.Requests:N0}</td><td class=\"n\">{InputRegion.AllRequests(region.Condition.Action, region.Condition.Request):N0}</td></tr>");
            }

            text.AppendLine("</table>");
        }

        text.AppendLine("</body></html>");
        return text.ToString();
    }
}
