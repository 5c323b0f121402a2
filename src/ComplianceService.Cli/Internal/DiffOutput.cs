using System.Globalization;
using System.Text.Json;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Engine.Analysis;

namespace ComplianceService.Cli.Internal;

/// <summary>How <c>diff</c> and <c>publish</c> print a <see cref="PolicyDiffReport"/>: text, one block per region, or
/// JSON, one object per region with the same fields.</summary>
internal static class DiffOutput
{
    public static void WriteText(TextWriter output, PolicyDiffReport report, string from, string to)
    {
        output.WriteLine($"from {from}");
        output.WriteLine($"to   {to}");
        foreach (var region in report.Regions)
        {
            output.WriteLine();
            output.WriteLine($"{region.Jurisdiction}  {region.Condition.Target}  {Dates(region.From, region.Until)}");
            output.WriteLine($"  when        {region.Condition}");
            output.WriteLine($"  outcome     {Answer(region.Before)} -> {Answer(region.After)}");
            if (region.Before is not null && region.After is not null && region.Before.Visa != region.After.Visa)
            {
                output.WriteLine($"  visa        {WireNames.Short(region.Before.Visa)} -> {WireNames.Short(region.After.Visa)}");
            }

            foreach (var obligation in region.ObligationsAdded)
            {
                output.WriteLine($"  + obligation {Obligation(obligation)}");
            }

            foreach (var obligation in region.ObligationsRemoved)
            {
                output.WriteLine($"  - obligation {Obligation(obligation)}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  requests    {region.Requests:N0} per date"));
        }

        output.WriteLine();
        output.WriteLine(report.HasChanges
            ? string.Create(CultureInfo.InvariantCulture, $"{report.Regions.Count} change region(s) in {report.Regions.Select(r => r.Jurisdiction).Distinct().Count()} jurisdiction(s); {report.InputsCompared:N0} inputs compared over {report.TablesCompared:N0} tables")
            : string.Create(CultureInfo.InvariantCulture, $"no change: every request gets the same answer ({report.InputsCompared:N0} inputs compared over {report.TablesCompared:N0} tables)"));
    }

    public static void WriteJson(TextWriter output, PolicyDiffReport report, string from, string to) =>
        WriteJsonDocument(output, json => WriteJson(json, report, from, to));

    /// <summary>Writes one indented JSON document and a newline.</summary>
    public static void WriteJsonDocument(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteJson(Utf8JsonWriter json, PolicyDiffReport report, string from, string to)
    {
        json.WriteStartObject();
        json.WriteString("from", from);
        json.WriteString("to", to);
        json.WriteNumber("inputsCompared", report.InputsCompared);
        json.WriteNumber("tablesCompared", report.TablesCompared);
        json.WriteStartArray("jurisdictions");
        foreach (var id in report.Jurisdictions)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteStartArray("regions");
        foreach (var region in report.Regions)
        {
            json.WriteStartObject();
            json.WriteString("jurisdiction", region.Jurisdiction);
            WriteTarget(json, region.Condition);
            WriteDates(json, region.From, region.Until);
            WriteCondition(json, region.Condition);
            WriteAnswer(json, "before", region.Before);
            WriteAnswer(json, "after", region.After);
            WriteObligations(json, "obligationsAdded", region.ObligationsAdded);
            WriteObligations(json, "obligationsRemoved", region.ObligationsRemoved);
            json.WriteNumber("requests", region.Requests);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>"every date", "from 2015-04-21", "before 2015-04-21", "from 2015-04-21 until 2020-12-21 (not including it)".</summary>
    public static string Dates(DateOnly? from, DateOnly? until) => (from, until) switch
    {
        (null, null) => "every date",
        ({ } start, null) => $"from {Day(start)}",
        (null, { } end) => $"before {Day(end)}",
        ({ } start, { } end) => $"from {Day(start)} until {Day(end)} (not including it)",
    };

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static void WriteTarget(Utf8JsonWriter json, InputRegion condition)
    {
        if (condition.Action != Contracts.V1.Action.Unspecified)
        {
            json.WriteString("action", WireNames.Short(condition.Action));
        }
        else
        {
            json.WriteString("request", WireNames.Short(condition.Request));
        }
    }

    public static void WriteDates(Utf8JsonWriter json, DateOnly? from, DateOnly? until)
    {
        if (from is { } start)
        {
            json.WriteString("from", Day(start));
        }
        else
        {
            json.WriteNull("from");
        }

        if (until is { } end)
        {
            json.WriteString("until", Day(end));
        }
        else
        {
            json.WriteNull("until");
        }
    }

    /// <summary>The condition in words, and the same as lists (crime NONE: no crime given).</summary>
    public static void WriteCondition(Utf8JsonWriter json, InputRegion condition)
    {
        json.WriteString("condition", condition.ToString());
        WriteNames(json, "trueFacts", condition.TrueFacts);
        WriteNames(json, "falseFacts", condition.FalseFacts);
        if (condition.Request == Request.Unspecified)
        {
            WriteNames(json, "contacts", condition.Contacts);
            WriteNames(json, "roles", condition.Roles);
            json.WriteStartArray("crimes");
            foreach (var crime in condition.Crimes)
            {
                json.WriteStringValue(crime == Crime.Unspecified ? "NONE" : WireNames.Short(crime));
            }

            json.WriteEndArray();
        }
    }

    private static void WriteNames<TEnum>(Utf8JsonWriter json, string name, IEnumerable<TEnum> values)
        where TEnum : struct, Enum
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(WireNames.Short(value));
        }

        json.WriteEndArray();
    }

    private static void WriteAnswer(Utf8JsonWriter json, string name, DecisionSummary? answer)
    {
        if (answer is null)
        {
            json.WriteNull(name); // the jurisdiction is not served on that side
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("outcome", WireNames.Short(answer.Outcome));
        if (answer.Visa != Visa.Unspecified)
        {
            json.WriteString("visa", WireNames.Short(answer.Visa));
        }

        WriteObligations(json, "obligations", answer.Obligations);
        json.WriteEndObject();
    }

    private static void WriteObligations(Utf8JsonWriter json, string name, IEnumerable<DecisionObligation> obligations)
    {
        json.WriteStartArray(name);
        foreach (var obligation in obligations)
        {
            json.WriteStartObject();
            json.WriteString("code", WireNames.Short(obligation.Code));
            json.WriteString("actor", WireNames.Short(obligation.Actor));
            if (obligation.Deadline is { } deadline)
            {
                json.WriteNumber("deadlineSeconds", (long)deadline.TotalSeconds);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Answer(DecisionSummary? answer) => answer is null ? "(jurisdiction not served)" : WireNames.Short(answer.Outcome);

    private static string Obligation(DecisionObligation obligation) =>
        $"{WireNames.Short(obligation.Code)} ({WireNames.Short(obligation.Actor)}{(obligation.Deadline is { } d ? string.Create(CultureInfo.InvariantCulture, $", within {d.TotalHours:0.##} h") : "")})";
}
