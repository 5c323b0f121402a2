using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Compilation;
using ComplianceService.Engine.Compilation.Internal;
using Google.Protobuf.WellKnownTypes;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The second route: decisions computed rule by rule from the parsed policy files by the
/// reference evaluator, with the inputs packed here (not by the snapshot's request reader) and the
/// date taken straight from as_of (not through epochs); unknown facts are resolved here too.
/// </summary>
internal static class ReferenceDecisions
{
    private static readonly ReferenceEvaluator Evaluator = new(CompiledPolicies.Policy);

    public static Decision For(EncounterRequest request, DateTime now) =>
        Resolve(request.Jurisdiction, request.AsOf, now, (int)request.Action - 1, Pack(request), request.UnknownFacts);

    /// <summary>The known inputs of an encounter, packed as DOMAIN.md's facts, contact, role, crime.</summary>
    public static ulong Pack(EncounterRequest request)
    {
        ulong known = 0;
        foreach (var fact in request.Facts)
        {
            known |= 1UL << ((int)fact - 1);
        }

        known |= 1UL << (19 + (int)request.Contact - 1);
        known |= 1UL << (24 + (int)request.Role - 1);
        if (request.Crime != Crime.Unspecified)
        {
            known |= 1UL << (29 + (int)request.Crime - 1);
        }

        return known;
    }

    public static Decision For(CooperationRequest request, DateTime now)
    {
        ulong known = 0;
        foreach (var fact in request.Basis)
        {
            known |= 1UL << ((int)fact - 1);
        }

        return Resolve(request.Jurisdiction, request.AsOf, now, 9 + (int)request.Request - 1, known, request.UnknownFacts);
    }

    private static Decision Resolve(string jurisdictionId, Timestamp? asOf, DateTime now, int target, ulong known, IList<Fact> unknown)
    {
        var jurisdiction = CompiledPolicies.Policy.Find(jurisdictionId)!;
        var ticks = asOf?.ToDateTime().Ticks ?? now.Ticks;
        var outcomes = new List<ReferenceDecision>();
        for (var a = 0; a < 1 << unknown.Count; a++)
        {
            var input = known;
            for (var i = 0; i < unknown.Count; i++)
            {
                if ((a & (1 << i)) != 0)
                {
                    input |= 1UL << ((int)unknown[i] - 1);
                }
            }

            outcomes.Add(Evaluator.Evaluate(jurisdiction, ticks, target, input));
        }

        Outcome[] caution = [Outcome.Prohibited, Outcome.ApprovalRequired, Outcome.Required, Outcome.NotAddressed, Outcome.Permitted];
        var headline = caution.First(c => outcomes.Any(o => o.Outcome == c));
        var chosen = outcomes.First(o => o.Outcome == headline);
        var decision = ToMessage(chosen, jurisdictionId, target);
        if (unknown.Count > 0)
        {
            for (var i = 0; i < unknown.Count; i++)
            {
                if (Enumerable.Range(0, outcomes.Count).Any(a => outcomes[a].Outcome != outcomes[a ^ (1 << i)].Outcome))
                {
                    decision.DependsOn.Add(unknown[i]);
                }
            }

            for (var a = 0; a < outcomes.Count; a++)
            {
                var alternative = new Alternative { Outcome = outcomes[a].Outcome };
                alternative.TrueFacts.Add(unknown.Where((_, i) => (a & (1 << i)) != 0));
                decision.Alternatives.Add(alternative);
            }
        }

        return decision;
    }

    private static Decision ToMessage(ReferenceDecision reference, string jurisdiction, int target)
    {
        var decision = new Decision
        {
            Outcome = reference.Outcome,
            Guidance = reference.Guidance,
            Visa = reference.Visa,
            PolicyRevision = CompiledPolicies.Snapshot.Revision,
            Jurisdiction = jurisdiction,
            Action = target < 9 ? (Contracts.V1.Action)(target + 1) : Contracts.V1.Action.Unspecified,
            Request = target >= 9 ? (Request)(target - 8) : Request.Unspecified,
        };
        foreach (var obligation in reference.Obligations)
        {
            decision.Obligations.Add(new ObligationItem
            {
                Code = obligation.Code,
                Text = obligation.Text,
                Deadline = obligation.DeadlineSeconds > 0 ? Duration.FromTimeSpan(TimeSpan.FromSeconds(obligation.DeadlineSeconds)) : null,
                Source = obligation.Source,
                Section = obligation.Section,
            });
        }

        foreach (var answer in reference.Answers)
        {
            decision.Citations.Add(new Citation
            {
                Source = answer.Source.Id,
                Section = answer.Rule.Section,
                Quote = answer.Rule.Quote,
                Authority = answer.Source.Authority,
                Outcome = answer.Outcome,
                Effect = answer.Effect,
            });
        }

        return decision;
    }
}
