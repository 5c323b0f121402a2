using System.Globalization;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// The decision card a terminal shows: the outcome and guidance, the obligations with who acts on each, the citations
/// with their provenance (anything but official text marked), what unknown facts the answer depends on, and what would
/// change it. <c>--format json</c> prints the reply as proto3 JSON instead.
/// </summary>
internal static class DecisionCard
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation());

    public static void WriteJson(CliConsole console, IMessage reply) => console.OutWriter.WriteLine(Json.Format(reply));

    public static void Write(CliConsole console, Decision decision)
    {
        var subject = decision.Action != Action.Unspecified
            ? Short(decision.Action, ActionEnum)
            : Short(decision.Request, RequestEnum);
        console.Out.Write(new Rule($"[bold]{Markup.Escape(decision.Jurisdiction)}[/]: {Markup.Escape(subject)}").LeftJustified());
        console.Out.MarkupLine($"outcome: {OutcomeMarkup(decision.Outcome)}");
        if (decision.Visa != Visa.Unspecified)
        {
            console.Out.MarkupLine($"visa: {Markup.Escape(Short(decision.Visa, VisaEnum))}");
        }

        console.Out.MarkupLine($"guidance: {Markup.Escape(decision.Guidance)}");

        if (decision.Obligations.Count > 0)
        {
            var obligations = new Table().Title("Obligations").AddColumns("obligation", "who acts", "what", "by when", "clause");
            foreach (var obligation in decision.Obligations)
            {
                obligations.AddRow(
                    new Text(Short(obligation.Code, ObligationEnum)),
                    new Text(Short(obligation.Actor, ActorEnum)),
                    new Text(obligation.Text),
                    new Text(obligation.Deadline is { } deadline ? deadline.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture) : "-"),
                    new Text($"{obligation.Source} {obligation.Section}"));
            }

            console.Out.Write(obligations);
        }
        else
        {
            console.Out.WriteLine("obligations: none");
        }

        if (decision.Citations.Count > 0)
        {
            var citations = new Table().Title("Citations (strongest authority first)").AddColumns("source", "authority", "effect", "says", "provenance", "quote");
            foreach (var citation in decision.Citations)
            {
                citations.AddRow(
                    new Text($"{citation.Source} {citation.Section}"),
                    new Text(Short(citation.Authority, AuthorityEnum)),
                    new Text(Short(citation.Effect, EffectEnum)),
                    new Text(Short(citation.Outcome, OutcomeEnum)),
                    ProvenanceCell(citation.Provenance),
                    new Text(citation.Quote));
            }

            console.Out.Write(citations);
        }

        if (decision.DependsOn.Count > 0)
        {
            console.Out.WriteLine("depends on: " + string.Join(", ", decision.DependsOn.Select(f => Short(f, FactEnum))));
            var alternatives = new Table().Title("If the unknown facts were").AddColumns("true", "outcome");
            foreach (var alternative in decision.Alternatives)
            {
                alternatives.AddRow(
                    new Text(alternative.TrueFacts.Count == 0 ? "(none)" : string.Join(", ", alternative.TrueFacts.Select(f => Short(f, FactEnum)))),
                    new Markup(OutcomeMarkup(alternative.Outcome)));
            }

            console.Out.Write(alternatives);
        }

        if (decision.WhatIf.Count > 0)
        {
            var whatIf = new Table().Title("What would change the answer").AddColumns("fact", "if it were", "outcome");
            foreach (var flip in decision.WhatIf)
            {
                whatIf.AddRow(new Text(Short(flip.Fact, FactEnum)), new Text(flip.BecomesTrue ? "true" : "false"), new Markup(OutcomeMarkup(flip.Outcome)));
            }

            console.Out.Write(whatIf);
        }
        else
        {
            console.Out.WriteLine("what would change the answer: no single fact");
        }

        console.Out.WriteLine($"revision {decision.PolicyRevision}, decision {decision.DecisionId}");
    }

    public static void Write(CliConsole console, EncounterAdvice advice)
    {
        var table = new Table().Title("Every action for this encounter").AddColumns("action", "outcome", "obligations (who acts)", "determining", "guidance");
        foreach (var decision in advice.Decisions)
        {
            table.AddRow(
                new Text(Short(decision.Action, ActionEnum)),
                new Markup(OutcomeMarkup(decision.Outcome)),
                new Text(string.Join("\n", decision.Obligations.Select(o => $"{Short(o.Code, ObligationEnum)} ({Short(o.Actor, ActorEnum)})"))),
                new Text(string.Join("\n", decision.Citations.Where(c => c.Effect == Effect.Determining).Select(c => $"{c.Source} {c.Section}{ProvenanceNote(c.Provenance)}"))),
                new Text(decision.Guidance));
        }

        console.Out.Write(table);
        console.Out.WriteLine($"revision {advice.PolicyRevision}");
    }

    private static Google.Protobuf.Reflection.EnumDescriptor ActionEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Action");

    private static Google.Protobuf.Reflection.EnumDescriptor RequestEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Request");

    private static Google.Protobuf.Reflection.EnumDescriptor OutcomeEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Outcome");

    private static Google.Protobuf.Reflection.EnumDescriptor ObligationEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Obligation");

    private static Google.Protobuf.Reflection.EnumDescriptor ActorEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Actor");

    private static Google.Protobuf.Reflection.EnumDescriptor AuthorityEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Authority");

    private static Google.Protobuf.Reflection.EnumDescriptor EffectEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Effect");

    private static Google.Protobuf.Reflection.EnumDescriptor ProvenanceEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Provenance");

    private static Google.Protobuf.Reflection.EnumDescriptor FactEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Fact");

    private static Google.Protobuf.Reflection.EnumDescriptor VisaEnum => VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Visa");

    private static string Short<TEnum>(TEnum value, Google.Protobuf.Reflection.EnumDescriptor descriptor)
        where TEnum : struct, Enum => WireNames.Short(value, descriptor);

    private static string OutcomeMarkup(Outcome outcome)
    {
        var name = Markup.Escape(Short(outcome, OutcomeEnum));
        return outcome switch
        {
            Outcome.Prohibited => $"[bold red]{name}[/]",
            Outcome.Required => $"[bold yellow]{name}[/]",
            Outcome.ApprovalRequired => $"[bold yellow]{name}[/]",
            Outcome.Permitted => $"[bold green]{name}[/]",
            _ => $"[bold]{name}[/]",
        };
    }

    // Anything but the official text is marked, so that a news report or an editorial never looks like law.
    private static IRenderable ProvenanceCell(Provenance provenance) => provenance == Provenance.OfficialText
        ? new Text(Short(provenance, ProvenanceEnum))
        : new Markup($"[bold yellow]{Markup.Escape(Short(provenance, ProvenanceEnum))} (not official text)[/]");

    private static string ProvenanceNote(Provenance provenance) =>
        provenance == Provenance.OfficialText ? string.Empty : $" [{Short(provenance, ProvenanceEnum)}]";
}
