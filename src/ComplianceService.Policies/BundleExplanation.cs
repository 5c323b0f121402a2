using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Engine.Internal;
using ComplianceService.Policies.Internal;

namespace ComplianceService.Policies;

/// <summary>
/// What a compiled bundle can explain of a decision (<c>compliancectl explain --bundle</c>): the
/// engine's own answer, each source of the chain in force or not, each source's cited answer and its
/// effect, the obligations. A bundle keeps tables and citations, not conditions, so the rules that
/// did not match are not listed (<see cref="PolicyExplanation.RulesTraced"/> is false); the policy
/// files explain those (<see cref="PolicyExplainer"/>).
/// </summary>
public static class BundleExplanation
{
    /// <summary>Explains one action during an encounter from the snapshot; null when the jurisdiction is not served.</summary>
    public static PolicyExplanation? Explain(PolicySnapshot snapshot, in EncounterQuery query)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var decision = snapshot.CheckEncounter(query);
        return decision.IsDecided
            ? Create(snapshot, query.Jurisdiction, query.AsOf, InputLayout.ActionTarget(query.Action), PolicySnapshot.EncounterInput(query), query.UnknownFacts, decision)
            : null;
    }

    /// <summary>Explains one request from a federal agency from the snapshot; null when the jurisdiction is not served.</summary>
    public static PolicyExplanation? Explain(PolicySnapshot snapshot, in CooperationQuery query)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var decision = snapshot.CheckCooperationRequest(query);
        return decision.IsDecided
            ? Create(snapshot, query.Jurisdiction, query.AsOf, InputLayout.RequestTarget(query.Request), query.Basis.Bits, query.UnknownFacts, decision)
            : null;
    }

    private static PolicyExplanation Create(PolicySnapshot snapshot, string jurisdictionId, DateTime asOf, int target, ulong known, UnknownFacts unknownFacts, EngineDecision decision)
    {
        var template = decision.Template;
        var jurisdiction = snapshot.Jurisdictions.First(j => j.Id == jurisdictionId);
        var unknown = new Fact[unknownFacts.Count];
        unknownFacts.CopyTo(unknown);

        // The headline is the first assignment giving the headline outcome.
        var alternatives = decision.Alternatives.ToArray().Select(a => new ExplainedAlternative([.. a.TrueFacts], a.Outcome)).ToList();
        var assumedTrue = alternatives.FirstOrDefault(a => a.Outcome == template.Outcome)?.TrueFacts ?? [];
        foreach (var fact in assumedTrue)
        {
            known |= InputLayout.FactBit(fact);
        }

        var date = DateOnly.FromDateTime(asOf);
        return new PolicyExplanation
        {
            Jurisdiction = jurisdiction.Id,
            JurisdictionName = jurisdiction.Name,
            ActionOrRequest = InputLayout.DescribeTarget(target),
            AsOf = asOf,
            Inputs = ExplainedInputs.Describe(known | InputLayout.ForcedBits(target)),
            UnknownFacts = unknown,
            AssumedTrue = assumedTrue,
            Alternatives = alternatives,
            RulesTraced = false,
            Sources = [.. jurisdiction.Sources.Select(source =>
            {
                var citation = template.Citations.FirstOrDefault(c => c.Source == source.Id);
                return new ExplainedSource(
                    source.Id,
                    source.Jurisdiction,
                    source.Authority,
                    source.Effective,
                    source.Effective is not { } effective || effective <= date,
                    [],
                    citation?.Outcome ?? Outcome.Unspecified,
                    citation?.Section);
            })],
            Answers = [.. template.Citations.Select(c => new ExplainedAnswer(c.Source, c.Section, c.Authority, c.Outcome, c.Effect, null, c.Provenance))],
            Outcome = template.Outcome,
            Obligations = [.. template.Obligations.Select(o => new ExplainedObligation(o.Code, o.Actor, o.Source, o.Section, null))],
            Guidance = template.Guidance,
            Visa = template.Visa,
        };
    }
}
