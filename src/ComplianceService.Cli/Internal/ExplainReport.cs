using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using Google.Protobuf.Reflection;

namespace ComplianceService.Cli.Internal;

/// <summary>How <c>explain</c> prints a <see cref="PolicyExplanation"/>: plain lines (text), or one JSON object with
/// the vocabulary's names without their prefix (<c>PROHIBITED</c>, <c>STATUS_PERTINENT</c>).</summary>
internal static class ExplainReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new VocabularyEnumConverterFactory(), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static void WriteJson(CliConsole console, PolicyExplanation explanation) =>
        console.OutWriter.WriteLine(JsonSerializer.Serialize(explanation, JsonOptions));

    public static void Write(CliConsole console, PolicyExplanation e)
    {
        var w = console.OutWriter;
        w.WriteLine($"{e.Jurisdiction} ({e.JurisdictionName}): {e.ActionOrRequest} on {Formats.Time(new DateTimeOffset(e.AsOf, TimeSpan.Zero))}");
        w.WriteLine($"inputs: {(e.Inputs.Count == 0 ? "none" : string.Join(", ", e.Inputs))}");
        if (e.UnknownFacts.Count > 0)
        {
            w.WriteLine($"unknown: {string.Join(", ", e.UnknownFacts.Select(f => Name(f)))}; explained with {(e.AssumedTrue.Count == 0 ? "all of them false" : string.Join(", ", e.AssumedTrue.Select(f => Name(f))) + " true, the others false")}, the first assignment giving the most cautious outcome");
            w.WriteLine($"alternatives: {string.Join("; ", e.Alternatives.Select(a => $"{(a.TrueFacts.Count == 0 ? "none true" : string.Join(", ", a.TrueFacts.Select(f => Name(f))))} -> {Name(a.Outcome)}"))}");
        }

        w.WriteLine();
        if (e.RulesTraced)
        {
            w.WriteLine("Sources, root first; in each, the first deciding rule that holds is its answer:");
        }
        else
        {
            w.WriteLine("Sources, strongest first, as the bundle cites them (a bundle keeps no conditions: explain the policy files for the rules that did not hold):");
        }

        foreach (var source in e.Sources)
        {
            w.WriteLine($"{source.Id} ({Name(source.Authority)}, {Effective(source)}): {SourceLine(source, e)}");
            foreach (var rule in source.Rules)
            {
                var says = rule.Outcome == Outcome.Unspecified ? $"attach {string.Join(", ", rule.Obligations.Select(o => Name(o)))}" : Name(rule.Outcome);
                var reads = rule.Reads.Count == 0 ? "" : $" ({string.Join(", ", rule.Reads)})";
                w.WriteLine($"  {rule.Section} [{Path.GetFileName(rule.File)}:{rule.Line.ToString(CultureInfo.InvariantCulture)}] {says} when {rule.Condition}: {Verdict(rule.Verdict)}{reads}");
            }
        }

        w.WriteLine();
        w.WriteLine("How the answers combine (strongest authority first; PROHIBITED, then REQUIRED, APPROVAL_REQUIRED, PERMITTED among those not overridden):");
        if (e.Answers.Count == 0)
        {
            w.WriteLine("  no source answers: NOT_ADDRESSED");
        }

        foreach (var answer in e.Answers)
        {
            var effect = answer.Effect switch
            {
                Effect.Overridden => answer.OverriddenBy is { } by ? $"overridden by {by}" : "overridden",
                _ => Name(answer.Effect).ToLowerInvariant(),
            };
            var provenance = answer.Provenance is Provenance.OfficialText or Provenance.Unspecified ? "" : $" [{Name(answer.Provenance)}: not official text]";
            w.WriteLine($"  {answer.Source} {answer.Section} ({Name(answer.Authority)}): {Name(answer.Outcome)}, {effect}{provenance}");
        }

        w.WriteLine($"outcome: {Name(e.Outcome)}");
        if (e.Visa != Visa.Unspecified)
        {
            w.WriteLine($"visa: {Name(e.Visa)}");
        }

        w.WriteLine($"guidance: {e.Guidance}");
        if (e.Obligations.Count == 0)
        {
            w.WriteLine("obligations: none");
        }
        else
        {
            w.WriteLine("obligations:");
            foreach (var obligation in e.Obligations)
            {
                var why = obligation.Origin switch
                {
                    ObligationOrigin.Determining => ": with the determining answer",
                    ObligationOrigin.Approval => ": REQUIRED, and a source not overridden answered APPROVAL_REQUIRED",
                    ObligationOrigin.Attached => ": attached",
                    _ => "",
                };
                w.WriteLine($"  {Name(obligation.Code)} ({Name(obligation.Actor)}) {obligation.Source} {obligation.Section}{why}");
            }
        }
    }

    private static string SourceLine(ExplainedSource source, PolicyExplanation e)
    {
        if (!source.InForce)
        {
            return "not in force on that date";
        }

        if (source.Answer != Outcome.Unspecified)
        {
            return $"answers {Name(source.Answer)} by {source.AnswerSection}";
        }

        if (!e.RulesTraced)
        {
            return "silent";
        }

        return source.Rules.Count == 0 ? $"no rule for {e.ActionOrRequest}" : "silent: none of its deciding rules holds";
    }

    private static string Effective(ExplainedSource source) => source.Effective is { } date
        ? "in force from " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "date unknown: in force on every date";

    private static string Verdict(RuleVerdict verdict) => verdict switch
    {
        RuleVerdict.Matched => "holds: the source's answer",
        RuleVerdict.NotMatched => "does not hold",
        RuleVerdict.NotReached => "not reached (the source has answered)",
        RuleVerdict.Attached => "holds: attached",
        RuleVerdict.AttachNotMatched => "does not hold: attaches nothing",
        _ => "holds, but the outcome is PROHIBITED: attaches nothing",
    };

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => WireNames.Short(value, Descriptor(typeof(TEnum))!);

    private static EnumDescriptor? Descriptor(Type type) => VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(type.Name);

    /// <summary>Writes the compliance.v1 vocabulary enums by their names without prefix, as the policy files do.</summary>
    private sealed class VocabularyEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && Descriptor(typeToConvert) is not null;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

        private sealed class Converter<TEnum> : JsonConverter<TEnum>
            where TEnum : struct, Enum
        {
            public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("explain only writes JSON");

            public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));
        }
    }
}
