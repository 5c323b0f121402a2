using ComplianceService.Contracts.V1;
using static ComplianceService.Engine.UnitTests.Checks;
using static ComplianceService.Engine.UnitTests.Jurisdictions;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>DOMAIN.md "What would change the answer": each expected list below was worked out by
/// hand from the rule tables, flipping one fact at a time.</summary>
public sealed class WhatIfTests
{
    [Fact]
    public void Flips_are_listed_in_Fact_order_only_where_the_outcome_differs()
    {
        // RPPD DETAIN_OR_ARREST on a traffic stop, nothing known: III.c PROHIBITED. An arrest basis
        // or reasonable suspicion permits it (III.c); a statute or a threat needs approval
        // (III.f, III.a). Nothing else changes it (an immigration warrant or ICE detainer is no
        // basis; approval alone is not enough; the consular facts only add duties).
        var decision = WhatIf(Encounter(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect));

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal(
            [
                (Fact.StateCharge, true, Outcome.Permitted),
                (Fact.OrdinanceViolation, true, Outcome.Permitted),
                (Fact.CriminalWarrant, true, Outcome.Permitted),
                (Fact.CourtOrder, true, Outcome.Permitted),
                (Fact.StatuteRequires, true, Outcome.ApprovalRequired),
                (Fact.PublicSafetyThreat, true, Outcome.ApprovalRequired),
                (Fact.CrimeInProgress, true, Outcome.Permitted),
                (Fact.ReasonableSuspicion, true, Outcome.Permitted),
            ],
            Flips(decision));
    }

    [Fact]
    public void A_given_fact_flips_to_false()
    {
        // With a state charge: PERMITTED; only taking the charge away changes it (III.c PROHIBITED).
        var decision = WhatIf(Encounter(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StateCharge));

        Assert.Equal(Outcome.Permitted, decision.Outcome);
        Assert.Equal([(Fact.StateCharge, false, Outcome.Prohibited)], Flips(decision));
    }

    [Fact]
    public void Given_and_not_given_facts_mix_in_Fact_order()
    {
        // St. Joseph CONTACT_ICE at booking, status in question and a state charge: II.B.5 PERMITTED
        // (+ NOTIFY_ICE_ASAP). Without the charge (no other basis to hold) contacting ICE is
        // REQUIRED; without status in question St. Joseph is silent. Adding a fact changes nothing:
        // another basis to hold leaves it PERMITTED, and a booking is no stop for Rodriguez.
        var decision = WhatIf(Encounter(StJoseph, Action.ContactIce, Contact.Booking, Role.Arrestee, Fact.StatusInQuestion, Fact.StateCharge));

        Assert.Equal(Outcome.Permitted, decision.Outcome);
        Assert.Equal(
            [
                (Fact.StateCharge, false, Outcome.Required),
                (Fact.StatusInQuestion, false, Outcome.NotAddressed),
            ],
            Flips(decision));
    }

    [Fact]
    public void A_cooperation_request_flips_only_basis_facts_and_never_an_implied_one()
    {
        // RPPD on a criminal investigation (criminal activity implied): III.g APPROVAL_REQUIRED.
        // A warrant, court order, statute or threat: III.f REQUIRED; approval: III.g PERMITTED.
        // CRIMINAL_ACTIVITY cannot change anything, given or not.
        Assert.Equal(
            [
                (Fact.CriminalWarrant, true, Outcome.Required),
                (Fact.CourtOrder, true, Outcome.Required),
                (Fact.StatuteRequires, true, Outcome.Required),
                (Fact.PublicSafetyThreat, true, Outcome.Required),
                (Fact.SupervisorApproval, true, Outcome.Permitted),
            ],
            Flips(WhatIf(Cooperation(RoelandPark, Request.CriminalInvestigation))));

        var given = WhatIf(Cooperation(RoelandPark, Request.CriminalInvestigation, Fact.CriminalActivity));
        Assert.Equal(Outcome.ApprovalRequired, given.Outcome);
        Assert.DoesNotContain(given.WhatIf, w => w.Fact == Fact.CriminalActivity);
        Assert.Equal(5, given.WhatIf.Count);
    }

    [Fact]
    public void Unknown_facts_are_left_out_and_each_flip_gives_the_most_cautious_outcome_over_them()
    {
        // RPPD CONTACT_ICE on a traffic stop, reasonable suspicion known, WOULD_EXTEND_CONTACT unknown:
        //   {}      III.a APPROVAL_REQUIRED (a criminal purpose, no approval)
        //   {extend} Rodriguez PROHIBITED (suspicion, but status neither pertinent nor identity unknown)
        // headline PROHIBITED. Flips:
        //   STATUS_PERTINENT or IDENTITY_UNKNOWN: {} APPROVAL_REQUIRED, {extend} APPROVAL_REQUIRED (Rodriguez silent) -> listed
        //   SUPERVISOR_APPROVAL: {} PERMITTED, {extend} PROHIBITED -> PROHIBITED, the same: not listed
        //   REASONABLE_SUSPICION to false: no criminal purpose, III.e PROHIBITED: not listed
        //   every other fact: {extend} stays PROHIBITED: not listed
        // WOULD_EXTEND_CONTACT is unknown: not listed.
        var request = Encounter(RoelandPark, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.ReasonableSuspicion);
        request.UnknownFacts.Add(Fact.WouldExtendContact);

        var decision = WhatIf(request);

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal(
            [
                (Fact.StatusPertinent, true, Outcome.ApprovalRequired),
                (Fact.IdentityUnknown, true, Outcome.ApprovalRequired),
            ],
            Flips(decision));

        // The same request with the stop known not to be prolonged: approval now changes it.
        var known = Encounter(RoelandPark, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.ReasonableSuspicion);
        var knownDecision = WhatIf(known);
        Assert.Equal(Outcome.ApprovalRequired, knownDecision.Outcome);
        Assert.Equal(
            [
                (Fact.ReasonableSuspicion, false, Outcome.Prohibited),
                (Fact.SupervisorApproval, true, Outcome.Permitted),
                (Fact.WouldExtendContact, true, Outcome.Prohibited),
            ],
            Flips(knownDecision));
    }

    [Fact]
    public void With_unknown_facts_a_flip_is_judged_against_the_headline()
    {
        // RPPD DETAIN_OR_ARREST, unknown SUPERVISOR_APPROVAL: {} PROHIBITED, {approval} PROHIBITED.
        // A statute: {} APPROVAL_REQUIRED, {approval} PERMITTED -> APPROVAL_REQUIRED (not PERMITTED).
        var request = Encounter(RoelandPark, Action.DetainOrArrest, Contact.CallForService, Role.Suspect);
        request.UnknownFacts.Add(Fact.SupervisorApproval);

        var decision = WhatIf(request);

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Contains((Fact.StatuteRequires, true, Outcome.ApprovalRequired), Flips(decision));
        Assert.Contains((Fact.PublicSafetyThreat, true, Outcome.ApprovalRequired), Flips(decision));
        Assert.DoesNotContain(decision.WhatIf, w => w.Fact == Fact.SupervisorApproval);
    }

    [Fact]
    public void Without_include_what_if_the_list_is_empty()
    {
        var request = Encounter(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect);

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);

        Assert.True(decision.WhatIf.IsEmpty);
        Assert.Empty(decision.ToMessage().WhatIf);
        var cooperation = CompiledPolicies.Snapshot.CheckCooperationRequest(Cooperation(RoelandPark, Request.CriminalInvestigation), Now);
        Assert.True(cooperation.WhatIf.IsEmpty);

        // Asking does not change the rest of the decision.
        request.IncludeWhatIf = true;
        var asked = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
        Assert.Same(decision.Template, asked.Template);
        Assert.False(asked.WhatIf.IsEmpty);
    }

    [Fact]
    public void The_span_and_the_message_carry_the_same_list()
    {
        var request = Encounter(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion);
        request.IncludeWhatIf = true;

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);

        Assert.Equal(
            decision.WhatIf.ToArray().Select(w => (w.Fact, w.BecomesTrue, w.Outcome)),
            decision.ToMessage().WhatIf.Select(w => (w.Fact, w.BecomesTrue, w.Outcome)));
    }

    [Fact]
    public void Advise_lists_each_action_s_flips()
    {
        // Advise with include_what_if: each action's decision has the list Check gives for it.
        var request = Encounter(StJoseph, Action.Unspecified, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion);
        request.IncludeWhatIf = true;

        var advice = CompiledPolicies.Snapshot.AdviseEncounter(request, Now);

        Assert.True(advice.IsDecided);
        foreach (var action in new[] { Action.ContactIce, Action.DetainOrArrest, Action.VerifyStatus })
        {
            var single = request.Clone();
            single.Action = action;
            Assert.Equal(Flips(WhatIf(single)), Flips(advice.Decisions[(int)action - 1].ToMessage()));
        }
    }

    [Fact]
    public void Every_generated_what_if_list_is_the_definition_applied_fact_by_fact()
    {
        // DOMAIN.md's definition, checked by asking the same request again with one fact flipped
        // (unknown facts kept): listed exactly when that answer differs, in Fact order.
        var generator = new RequestGenerator(seed: 7);
        var jurisdictions = CompiledPolicies.Snapshot.JurisdictionIds;
        for (var i = 0; i < 3_000; i++)
        {
            if (i % 3 == 0)
            {
                var request = generator.Cooperation(jurisdictions, maxUnknown: i % 2 == 0 ? 2 : 0);
                request.IncludeWhatIf = true;
                var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now);
                Assert.True(decision.IsDecided);
                AssertDefinition(decision, ReferenceDecisions.BasisFacts, request.Basis, request.UnknownFacts, fact =>
                {
                    var flipped = request.Clone();
                    flipped.IncludeWhatIf = false;
                    Toggle(flipped.Basis, fact);
                    return CompiledPolicies.Snapshot.CheckCooperationRequest(flipped, Now).Outcome;
                });
                if (request.Request == Request.CriminalInvestigation)
                {
                    Assert.DoesNotContain(decision.WhatIf.ToArray(), w => w.Fact == Fact.CriminalActivity);
                }
            }
            else
            {
                var request = generator.Encounter(jurisdictions, maxUnknown: i % 2 == 0 ? 2 : 0);
                request.IncludeWhatIf = true;
                var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
                Assert.True(decision.IsDecided);
                AssertDefinition(decision, ReferenceDecisions.EncounterFacts, request.Facts, request.UnknownFacts, fact =>
                {
                    var flipped = request.Clone();
                    flipped.IncludeWhatIf = false;
                    Toggle(flipped.Facts, fact);
                    return CompiledPolicies.Snapshot.CheckEncounter(flipped, Now).Outcome;
                });
            }
        }

        static void AssertDefinition(EngineDecision decision, Fact[] kind, IList<Fact> given, IList<Fact> unknown, Func<Fact, Outcome> flippedOutcome)
        {
            var expected = new List<(Fact, bool, Outcome)>();
            foreach (var fact in kind.OrderBy(f => (int)f))
            {
                if (unknown.Contains(fact))
                {
                    continue;
                }

                var outcome = flippedOutcome(fact);
                if (outcome != decision.Outcome)
                {
                    expected.Add((fact, !given.Contains(fact), outcome));
                }
            }

            Assert.Equal(expected, decision.WhatIf.ToArray().Select(w => (w.Fact, w.BecomesTrue, w.Outcome)));
        }

        static void Toggle(IList<Fact> facts, Fact fact)
        {
            if (!facts.Remove(fact))
            {
                facts.Add(fact);
            }
        }
    }

    private static Decision WhatIf(EncounterRequest request)
    {
        request.IncludeWhatIf = true;
        return Decide(request);
    }

    private static Decision WhatIf(CooperationRequest request)
    {
        request.IncludeWhatIf = true;
        return Decide(request);
    }

    private static (Fact Fact, bool BecomesTrue, Outcome Outcome)[] Flips(Decision decision) =>
        [.. decision.WhatIf.Select(w => (w.Fact, w.BecomesTrue, w.Outcome))];
}
