using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Scenarios;

/// <summary>
/// Compares a <see cref="Decision"/> with a scenario's expectation and lists every difference.
/// outcome, obligations (as a set of codes) and determining sources (as a set) are always
/// compared; overridden sources, depends_on and visa compare against empty/unspecified when the
/// scenario leaves them out; alternatives are compared when listed, and must be empty when the
/// request has no unknown facts. Every answer must also carry a guidance line of at most 160 characters.
/// </summary>
public static class ScenarioComparer
{
    /// <summary>The differences, empty when the decision meets the scenario.</summary>
    public static IReadOnlyList<string> Compare(Scenario scenario, Decision decision)
    {
        var expect = scenario.Expect;
        var problems = new List<string>();
        if (decision.Outcome != expect.Outcome)
        {
            problems.Add($"outcome: expected {Name(expect.Outcome)}, got {Name(decision.Outcome)}");
        }

        SameSet(problems, "obligations", expect.Obligations.Select(o => WireEnum.Name(o, "OBLIGATION_")),
            decision.Obligations.Select(o => WireEnum.Name(o.Code, "OBLIGATION_")));
        SameSet(problems, "determining", expect.Determining, Sources(decision, Effect.Determining));
        SameSet(problems, "overridden", expect.Overridden ?? [], Sources(decision, Effect.Overridden));
        SameSet(problems, "depends_on", (expect.DependsOn ?? []).Select(f => WireEnum.Name(f, "FACT_")),
            decision.DependsOn.Select(f => WireEnum.Name(f, "FACT_")));

        var visa = expect.Visa ?? Visa.Unspecified;
        if (decision.Visa != visa)
        {
            problems.Add($"visa: expected {WireEnum.Name(visa, "VISA_")}, got {WireEnum.Name(decision.Visa, "VISA_")}");
        }

        if (expect.Alternatives is { } alternatives)
        {
            var expected = alternatives.Select(a => Key(a.TrueFacts) + "=" + Name(a.Outcome));
            var actual = decision.Alternatives.Select(a => Key(a.TrueFacts) + "=" + Name(a.Outcome));
            SameSet(problems, "alternatives", expected, actual);
            if (decision.Alternatives.Count != alternatives.Count)
            {
                problems.Add($"alternatives: expected {alternatives.Count}, got {decision.Alternatives.Count}");
            }
        }
        else if (scenario.UnknownFacts.Count == 0 && decision.Alternatives.Count > 0)
        {
            problems.Add("alternatives: none expected without unknown facts");
        }

        if (string.IsNullOrEmpty(decision.Guidance) || decision.Guidance.Length > 160)
        {
            problems.Add($"guidance: must be 1-160 characters, got {decision.Guidance.Length}");
        }

        return problems;
    }

    private static IEnumerable<string> Sources(Decision decision, Effect effect) =>
        decision.Citations.Where(c => c.Effect == effect).Select(c => c.Source);

    private static string Key(IEnumerable<Fact> facts) =>
        string.Join(",", facts.Select(f => WireEnum.Name(f, "FACT_")).Order(StringComparer.Ordinal));

    private static string Name(Outcome outcome) => WireEnum.Name(outcome, "OUTCOME_");

    private static void SameSet(List<string> problems, string field, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var want = expected.Order(StringComparer.Ordinal).Distinct().ToList();
        var got = actual.Order(StringComparer.Ordinal).Distinct().ToList();
        if (!want.SequenceEqual(got))
        {
            problems.Add($"{field}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
        }
    }
}
