using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Engine.Internal;
using ComplianceService.Policies.Internal;

namespace ComplianceService.Policies;

/// <summary>
/// Explains decisions from the policy files themselves, rule by rule (<c>compliancectl explain</c>),
/// with the reference semantics the compiler fills its tables with: the same walk of the
/// <c>ReferenceEvaluator</c>, observed. Its final answer is the engine's for the same files.
/// </summary>
public sealed class PolicyExplainer
{
    private readonly PolicySet _policy;
    private readonly ReferenceEvaluator _evaluator;

    private PolicyExplainer(PolicySet policy)
    {
        _policy = policy;
        _evaluator = new ReferenceEvaluator(policy);
    }

    /// <summary>The jurisdictions of the files, by id.</summary>
    public IReadOnlyList<string> JurisdictionIds => [.. _policy.Jurisdictions.Select(j => j.Id)];

    /// <summary>Reads the policy files (parse, names, links; no tables are built, so a conflict between
    /// sources does not stop an explanation of it). Null, with the problems, when they do not read.</summary>
    public static PolicyExplainer? Read(IEnumerable<PolicySource> sources, out IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        var found = new List<PolicyDiagnostic>();
        var policy = PolicyCompiler.Read(sources, found);
        diagnostics = found;
        return policy is null ? null : new PolicyExplainer(policy);
    }

    /// <summary>Explains one action during an encounter (a query the request reader accepted).</summary>
    /// <returns>The explanation; null when the files have no such jurisdiction.</returns>
    public PolicyExplanation? Explain(in EncounterQuery query)
    {
        var input = PolicySnapshot.EncounterInput(query);
        return Explain(query.Jurisdiction, query.AsOf, InputLayout.ActionTarget(query.Action), input, query.UnknownFacts);
    }

    /// <summary>Explains one request from a federal agency (a query the request reader accepted).</summary>
    /// <returns>The explanation; null when the files have no such jurisdiction.</returns>
    public PolicyExplanation? Explain(in CooperationQuery query) =>
        Explain(query.Jurisdiction, query.AsOf, InputLayout.RequestTarget(query.Request), query.Basis.Bits, query.UnknownFacts);

    private PolicyExplanation? Explain(string jurisdictionId, DateTime asOf, int target, ulong known, UnknownFacts unknownFacts)
    {
        if (_policy.Find(jurisdictionId) is not { } jurisdiction)
        {
            return null;
        }

        var ticks = asOf.Ticks;
        var unknown = new Fact[unknownFacts.Count];
        unknownFacts.CopyTo(unknown);

        // Unknown facts: every assignment decided (as the engine does), the first most cautious one explained.
        var alternatives = new List<ExplainedAlternative>();
        var headline = 0;
        if (unknown.Length > 0)
        {
            for (var a = 0; a < 1 << unknown.Length; a++)
            {
                var outcome = _evaluator.Evaluate(jurisdiction, ticks, target, Assign(known, unknown, a)).Outcome;
                alternatives.Add(new ExplainedAlternative(TrueFacts(unknown, a), outcome));
                if (UnknownFactsResolution.Caution(outcome) < UnknownFactsResolution.Caution(alternatives[headline].Outcome))
                {
                    headline = a;
                }
            }
        }

        var input = Assign(known, unknown, headline) | InputLayout.ForcedBits(target);
        var recorder = new ExplanationRecorder();
        var decision = _evaluator.Evaluate(jurisdiction, ticks, target, input, recorder);
        return new PolicyExplanation
        {
            Jurisdiction = jurisdiction.Id,
            JurisdictionName = jurisdiction.Name,
            ActionOrRequest = InputLayout.DescribeTarget(target),
            AsOf = asOf,
            Inputs = ExplainedInputs.Describe(input),
            UnknownFacts = unknown,
            AssumedTrue = TrueFacts(unknown, headline),
            Alternatives = alternatives,
            RulesTraced = true,
            Sources = recorder.Sources(jurisdiction),
            Answers = [.. decision.Answers.Select(a => new ExplainedAnswer(
                a.Source.Id,
                a.Rule.Section,
                a.Source.Authority,
                a.Outcome,
                a.Effect,
                recorder.OverriddenBy(a.Rule) is { } by ? $"{by.Source.Id} {by.Section}" : null,
                a.Provenance))],
            Outcome = decision.Outcome,
            Obligations = [.. decision.Obligations.Select(o => new ExplainedObligation(o.Code, o.Actor, o.Source, o.Section, recorder.OriginOf(o)))],
            Guidance = decision.Guidance,
            Visa = decision.Visa,
        };
    }

    private static ulong Assign(ulong known, Fact[] unknown, int assignment)
    {
        for (var i = 0; i < unknown.Length; i++)
        {
            if ((assignment & (1 << i)) != 0)
            {
                known |= InputLayout.FactBit(unknown[i]);
            }
        }

        return known;
    }

    private static Fact[] TrueFacts(Fact[] unknown, int assignment) =>
        [.. unknown.Where((_, i) => (assignment & (1 << i)) != 0)];
}
