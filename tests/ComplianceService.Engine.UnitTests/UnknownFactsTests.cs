using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>DOMAIN.md "Unknown facts": headline, obligations of the first assignment giving it,
/// depends_on and alternatives in binary counting order.</summary>
public sealed class UnknownFactsTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Alternatives_count_in_binary_with_the_first_listed_fact_lowest()
    {
        // RPPD DETAIN_OR_ARREST on a public-safety threat alone: III.c PROHIBITED without it;
        // III.f/III.a APPROVAL_REQUIRED with it, PERMITTED with it and approval.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.DetainOrArrest,
            Contact = Contact.CallForService,
            Role = Role.Suspect,
            UnknownFacts = { Fact.SupervisorApproval, Fact.PublicSafetyThreat },
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);

        var alternatives = decision.Alternatives.ToArray();
        Assert.Equal(4, alternatives.Length);
        Assert.Empty(alternatives[0].TrueFacts);
        Assert.Equal<Fact>([Fact.SupervisorApproval], alternatives[1].TrueFacts.ToArray());
        Assert.Equal<Fact>([Fact.PublicSafetyThreat], alternatives[2].TrueFacts.ToArray());
        Assert.Equal<Fact>([Fact.SupervisorApproval, Fact.PublicSafetyThreat], alternatives[3].TrueFacts.ToArray());
        Assert.Equal([Outcome.Prohibited, Outcome.Prohibited, Outcome.ApprovalRequired, Outcome.Permitted], alternatives.Select(a => a.Outcome));
        Assert.Equal(Outcome.Prohibited, decision.Outcome);

        // Approval alone changes nothing without the threat, but does with it: it still counts.
        Assert.Equal([Fact.SupervisorApproval, Fact.PublicSafetyThreat], decision.DependsOn.ToArray());
    }

    [Fact]
    public void APPROVAL_REQUIRED_is_more_cautious_than_REQUIRED_and_brings_its_obligations()
    {
        // RPPD on a criminal investigation (criminal activity implied): III.g APPROVAL_REQUIRED +
        // WEIGH_FACTORS; with a court order, III.f REQUIRED. The ordinance is silent on it.
        var request = new CooperationRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Request = Request.CriminalInvestigation,
            Agency = Agency.Ice,
            UnknownFacts = { Fact.CourtOrder },
        };

        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).ToMessage();

        Assert.Equal(Outcome.ApprovalRequired, decision.Outcome);
        Assert.Equal([Obligation.WeighFactors], decision.Obligations.Select(o => o.Code));
        Assert.Equal([Fact.CourtOrder], decision.DependsOn);
        Assert.Equal([Outcome.ApprovalRequired, Outcome.Required], decision.Alternatives.Select(a => a.Outcome));
    }

    [Fact]
    public void The_headline_brings_the_obligations_of_the_assignment_giving_it()
    {
        // St. Joseph DETAIN_OR_ARREST, status in question, unknown [ICE_DETAINER, STATE_CHARGE]:
        // {} PROHIBITED + CONTACT_ICE_NOW + RELEASE_IF_NO_TIMELY_RESPONSE (II.B.4, II.B.5),
        // {detainer} PERMITTED, {charge} PERMITTED + NOTIFY_ICE_ASAP, {both} the same.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph",
            Action = Action.DetainOrArrest,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StatusInQuestion },
            UnknownFacts = { Fact.IceDetainer, Fact.StateCharge },
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal([Obligation.ContactIceNow, Obligation.ReleaseIfNoTimelyResponse], decision.Obligations.Select(o => o.Code).Order());
        Assert.Equal([Fact.IceDetainer, Fact.StateCharge], decision.DependsOn);
        Assert.Equal([Outcome.Prohibited, Outcome.Permitted, Outcome.Permitted, Outcome.Permitted], decision.Alternatives.Select(a => a.Outcome));
    }

    [Fact]
    public void The_headline_takes_the_first_assignment_giving_it()
    {
        // St. Joseph VERIFY_STATUS on a traffic stop, status in question and pertinent, unknown
        // [WOULD_EXTEND_CONTACT, REASONABLE_SUSPICION]:
        //   {}         PERMITTED (II.B.4)
        //   {extend}   PROHIBITED by Rodriguez and by II.B.5
        //   {RS}       PERMITTED (II.B.4)
        //   {both}     PROHIBITED by II.B.5 only (Rodriguez allows investigating the suspected crime)
        // The headline comes from {extend}, the first PROHIBITED in counting order: both cited.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph",
            Action = Action.VerifyStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StatusInQuestion, Fact.StatusPertinent },
            UnknownFacts = { Fact.WouldExtendContact, Fact.ReasonableSuspicion },
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal([Outcome.Permitted, Outcome.Prohibited, Outcome.Permitted, Outcome.Prohibited], decision.Alternatives.Select(a => a.Outcome));
        Assert.Equal(
            [("us/rodriguez-2015", Effect.Determining), ("stj/so0801", Effect.Determining)],
            decision.Citations.Select(c => (c.Source, c.Effect)));
        Assert.Empty(decision.Obligations);
        Assert.Equal([Fact.WouldExtendContact], decision.DependsOn);
    }

    [Fact]
    public void STATUS_IN_QUESTION_may_not_be_unknown()
    {
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph",
            Action = Action.ContactIce,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            UnknownFacts = { Fact.StatusInQuestion },
        };

        // Refused by the adapter's reader, before any query reaches the engine.
        var refusal = Wire.RequestReader.ReadEncounter(request, Now, out _);

        Assert.NotNull(refusal);
        Assert.Equal(Wire.RequestErrorKind.InvalidArgument, refusal.Kind);
        Assert.Equal("unknown_facts", refusal.Field);
    }

    [Fact]
    public void When_every_assignment_agrees_there_is_no_depends_on_and_the_answer_is_as_usual()
    {
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mt-bozeman",
            Action = Action.InquireStatus,
            Contact = Contact.CallForService,
            Role = Role.Witness,
            UnknownFacts = { Fact.StatusPertinent, Fact.ForeignNational },
        };
        var known = request.Clone();
        known.UnknownFacts.Clear();

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Empty(decision.DependsOn.ToArray());
        Assert.All(decision.Alternatives.ToArray(), a => Assert.Equal(Outcome.Prohibited, a.Outcome));
        Assert.Same(CompiledPolicies.Snapshot.CheckEncounter(known, Now).Template, decision.Template);
    }

    [Fact]
    public void A_cooperation_request_may_leave_basis_facts_unknown()
    {
        // RP planned operation: {} the ordinance and III.e PROHIBITED, residents alerted within 48 h
        // (always); {crime in progress} the ordinance lifts its bar, III.g (a crime in progress is
        // criminal activity) APPROVAL_REQUIRED.
        var request = new CooperationRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Request = Request.PlannedOperation,
            Agency = Agency.Ice,
            UnknownFacts = { Fact.CrimeInProgress },
        };

        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal([Obligation.NotifyResidents], decision.Obligations.Select(o => o.Code));
        Assert.Equal(TimeSpan.FromHours(48), decision.Obligations[0].Deadline.ToTimeSpan());
        Assert.Equal([Outcome.Prohibited, Outcome.ApprovalRequired], decision.Alternatives.Select(a => a.Outcome));
        Assert.Equal([Fact.CrimeInProgress], decision.DependsOn);
    }
}
