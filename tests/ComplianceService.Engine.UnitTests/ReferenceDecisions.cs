using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using ComplianceService.Policies.Internal;
using ComplianceService.Engine.Internal;
using ComplianceService.Testing;
using ComplianceService.Wire;
using Google.Protobuf.WellKnownTypes;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The second route: decisions computed rule by rule from the parsed policy files by the
/// reference evaluator, with the inputs packed here (not by the snapshot's request reader) and the
/// date taken straight from as_of (not through epochs); unknown facts and the what-if list are
/// resolved here too, by deciding every flipped request again.
/// </summary>
internal static class ReferenceDecisions
{
    private static readonly ReferenceEvaluator Evaluator = new(CompiledPolicies.Policy);

    /// <summary>The facts of an encounter (every fact but CRIMINAL_ACTIVITY), in Fact order.</summary>
    public static readonly Fact[] EncounterFacts = RequestGenerator.EncounterFacts;

    /// <summary>The basis facts of a cooperation request (DOMAIN.md), in Fact order.</summary>
    public static readonly Fact[] BasisFacts = RequestGenerator.BasisFacts;

    public static Decision For(EncounterRequest request, DateTime now) =>
        Resolve(request.Jurisdiction, request.AsOf, now, InputLayout.ActionTarget(request.Action), Pack(request), request.UnknownFacts, request.IncludeWhatIf ? EncounterFacts : []);

    /// <summary>The known inputs of an encounter, packed as DOMAIN.md's facts, contact, role,
    /// crime (fact n at bit n-1; contact, role and crime one-hot from InputLayout's shifts).</summary>
    public static ulong Pack(EncounterRequest request)
    {
        ulong known = 0;
        foreach (var fact in request.Facts)
        {
            known |= 1UL << ((int)fact - 1);
        }

        known |= 1UL << (InputLayout.ContactShift + (int)request.Contact - 1);
        known |= 1UL << (InputLayout.RoleShift + (int)request.Role - 1);
        if (request.Crime != Crime.Unspecified)
        {
            known |= 1UL << (InputLayout.CrimeShift + (int)request.Crime - 1);
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

        return Resolve(request.Jurisdiction, request.AsOf, now, InputLayout.RequestTarget(request.Request), known, request.UnknownFacts, request.IncludeWhatIf ? BasisFacts : []);
    }

    private static readonly Outcome[] Caution = [Outcome.Prohibited, Outcome.ApprovalRequired, Outcome.Required, Outcome.NotAddressed, Outcome.Permitted];

    private static Decision Resolve(string jurisdictionId, Timestamp? asOf, DateTime now, int target, ulong known, IList<Fact> unknown, Fact[] whatIfFacts)
    {
        var jurisdiction = CompiledPolicies.Policy.Find(jurisdictionId)!;
        var ticks = asOf?.ToDateTime().Ticks ?? now.Ticks;
        var outcomes = Assignments(jurisdiction, ticks, target, known, unknown);
        var headline = Caution.First(c => outcomes.Any(o => o.Outcome == c));
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

        // What would change the answer: every fact of the kind in Fact order, the unknown ones
        // left out, flipped alone and decided again (unknown facts as above).
        foreach (var fact in whatIfFacts.OrderBy(f => (int)f))
        {
            if (unknown.Contains(fact))
            {
                continue;
            }

            var bit = 1UL << ((int)fact - 1);
            var flipped = Assignments(jurisdiction, ticks, target, known ^ bit, unknown);
            var outcome = Caution.First(c => flipped.Any(o => o.Outcome == c));
            if (outcome != headline)
            {
                decision.WhatIf.Add(new WhatIf { Fact = fact, BecomesTrue = (known & bit) == 0, Outcome = outcome });
            }
        }

        return decision;
    }

    private static List<ReferenceDecision> Assignments(JurisdictionModel jurisdiction, long ticks, int target, ulong known, IList<Fact> unknown)
    {
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

        return outcomes;
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
            Action = InputLayout.TargetAction(target),
            Request = InputLayout.TargetRequest(target),
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
                Actor = obligation.Actor,
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
                Provenance = answer.Provenance,
            });
        }

        return decision;
    }
}
