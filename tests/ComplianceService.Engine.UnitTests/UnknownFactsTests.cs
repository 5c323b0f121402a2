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
        // RP VERIFY_STATUS: solely status -> PROHIBITED; charge -> APPROVAL_REQUIRED; charge + approval -> PERMITTED.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.VerifyStatus,
            Contact = Contact.CallForService,
            Role = Role.Suspect,
            UnknownFacts = { Fact.SupervisorApproval, Fact.StateCharge },
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);

        var alternatives = decision.Alternatives.ToArray();
        Assert.Equal(4, alternatives.Length);
        Assert.Empty(alternatives[0].TrueFacts);
        Assert.Equal<Fact>([Fact.SupervisorApproval], alternatives[1].TrueFacts.ToArray());
        Assert.Equal<Fact>([Fact.StateCharge], alternatives[2].TrueFacts.ToArray());
        Assert.Equal<Fact>([Fact.SupervisorApproval, Fact.StateCharge], alternatives[3].TrueFacts.ToArray());
        Assert.Equal([Outcome.Prohibited, Outcome.Prohibited, Outcome.ApprovalRequired, Outcome.Permitted], alternatives.Select(a => a.Outcome));
        Assert.Equal(Outcome.Prohibited, decision.Outcome);

        // Approval alone changes nothing without a charge, but does with one: it still counts.
        Assert.Equal([Fact.SupervisorApproval, Fact.StateCharge], decision.DependsOn.ToArray());
    }

    [Fact]
    public void APPROVAL_REQUIRED_is_more_cautious_than_REQUIRED_and_brings_its_obligations()
    {
        // RP: criminal activity alleged -> APPROVAL_REQUIRED + WEIGH_FACTORS; with a court order -> REQUIRED.
        var request = new CooperationRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Request = Request.Detainer,
            Agency = Agency.Ice,
            Basis = { Fact.CriminalActivity },
            UnknownFacts = { Fact.CourtOrder },
        };

        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).ToMessage();

        Assert.Equal(Outcome.ApprovalRequired, decision.Outcome);
        Assert.Equal([Obligation.WeighFactors], decision.Obligations.Select(o => o.Code));
        Assert.Equal([Fact.CourtOrder], decision.DependsOn);
        Assert.Equal([Outcome.ApprovalRequired, Outcome.Required], decision.Alternatives.Select(a => a.Outcome));
    }

    [Fact]
    public void The_headline_takes_the_first_assignment_giving_it()
    {
        // St. Joseph DETAIN_OR_ARREST, unknown [ICE_DETAINER, STATE_CHARGE]:
        // {} PROHIBITED (+CONTACT_ICE_NOW...), {detainer} PERMITTED, {charge} PERMITTED + NOTIFY_ICE_ASAP, {both} the same.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph",
            Action = Action.DetainOrArrest,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            UnknownFacts = { Fact.IceDetainer, Fact.StateCharge },
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal([Obligation.ContactIceNow, Obligation.ReleaseIfNoTimelyResponse], decision.Obligations.Select(o => o.Code));
        Assert.Equal([Fact.IceDetainer, Fact.StateCharge], decision.DependsOn);
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
        Assert.Equal([Outcome.Prohibited, Outcome.Permitted], decision.Alternatives.Select(a => a.Outcome));
    }
}
