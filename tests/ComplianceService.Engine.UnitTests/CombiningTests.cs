using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Compilation;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>DOMAIN.md "Combining sources", including the cases the bundled policies never reach,
/// checked on a copy of the policies with one more (hypothetical) Kansas statute.</summary>
public sealed class CombiningTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Lazy<PolicySnapshot> WithKansasStatute = new(() =>
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-ks.yaml", "sources: []", """
            sources:
              - id: ks/test-statute
                title: A hypothetical statute requiring ICE contact
                short: KSA test
                authority: STATE_LAW
                effective: unknown
                seed: none
                rules:
                  - section: "1"
                    quote: "Officers shall contact ICE."
                    actions: [CONTACT_ICE]
                    outcome: REQUIRED
                    guidance: "Contact ICE (KSA test 1)"
            """);
        var compilation = PolicyCompiler.Compile(copy.Path);
        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        return PolicySnapshot.Load(compilation.Bundle);
    });

    private static Decision ContactIce(PolicySnapshot snapshot, Contact contact, params Fact[] facts) =>
        snapshot.CheckEncounter(new EncounterRequest { Jurisdiction = "us-ks-roeland-park", Action = Action.ContactIce, Contact = contact, Role = Role.Suspect, Facts = { facts } }, Now).ToMessage();

    [Fact]
    public void REQUIRED_winning_over_APPROVAL_REQUIRED_adds_OBTAIN_APPROVAL_from_the_approval_clause()
    {
        var decision = ContactIce(WithKansasStatute.Value, Contact.CallForService, Fact.StateCharge);

        Assert.Equal(Outcome.Required, decision.Outcome);
        var obligation = Assert.Single(decision.Obligations);
        Assert.Equal((Obligation.ObtainApproval, "rp/directive", "III.a"), (obligation.Code, obligation.Source, obligation.Section));
        Assert.Equal(
            [("ks/test-statute", Effect.Determining, Outcome.Required), ("rp/directive", Effect.Concurring, Outcome.ApprovalRequired)],
            decision.Citations.Select(c => (c.Source, c.Effect, c.Outcome)));
        Assert.Equal("Contact ICE (KSA test 1)", decision.Guidance);
    }

    [Fact]
    public void A_higher_REQUIRED_overrides_a_PROHIBITED()
    {
        var decision = ContactIce(WithKansasStatute.Value, Contact.CallForService);

        Assert.Equal(Outcome.Required, decision.Outcome);
        Assert.Empty(decision.Obligations);
        Assert.Equal(
            [("ks/test-statute", Effect.Determining), ("rp/directive", Effect.Overridden)],
            decision.Citations.Select(c => (c.Source, c.Effect)));
    }

    [Fact]
    public void A_lower_REQUIRED_does_not_override_a_federal_PROHIBITED()
    {
        var decision = ContactIce(WithKansasStatute.Value, Contact.TrafficStop, Fact.StateCharge, Fact.WouldExtendContact);

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal(
            [("us/rodriguez-2015", Effect.Determining), ("ks/test-statute", Effect.Concurring), ("rp/directive", Effect.Concurring)],
            decision.Citations.Select(c => (c.Source, c.Effect)));
    }

    [Fact]
    public void An_attach_rule_without_always_does_not_attach_to_a_PROHIBITED()
    {
        var decision = CompiledPolicies.Snapshot.CheckEncounter(
            new EncounterRequest { Jurisdiction = "us-ks-roeland-park", Action = Action.DetainOrArrest, Contact = Contact.TrafficStop, Role = Role.Suspect, Facts = { Fact.ForeignNational } },
            Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Empty(decision.Obligations);
    }

    [Fact]
    public void An_attach_rule_names_its_own_clause_and_is_not_cited()
    {
        var decision = CompiledPolicies.Snapshot.CheckEncounter(
            new EncounterRequest { Jurisdiction = "us-mo-st-joseph", Action = Action.DetainOrArrest, Contact = Contact.TrafficStop, Role = Role.Suspect, Facts = { Fact.ForeignNational, Fact.StateCharge } },
            Now).ToMessage();

        Assert.Equal(Outcome.Permitted, decision.Outcome);
        Assert.Equal(
            [(Obligation.NotifyIceAsap, "stj/so0801", "II.B.5"), (Obligation.NotifyConsulate, "us/vccr-art36", "36(1)(b)")],
            decision.Obligations.Select(o => (o.Code, o.Source, o.Section)));
        Assert.Equal(["stj/so0801"], decision.Citations.Select(c => c.Source));
    }

    [Theory]
    [InlineData("2020-12-20T23:59:59Z", false)]
    [InlineData("2020-12-21T00:00:00Z", true)]
    public void A_source_is_in_force_from_the_first_instant_of_its_effective_date_UTC(string asOf, bool ordinanceInForce)
    {
        var request = new CooperationRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Request = Request.PlannedOperation,
            Agency = Agency.Ice,
            AsOf = Timestamp.FromDateTime(DateTime.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)),
        };

        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).ToMessage();

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal(ordinanceInForce, decision.Citations.Any(c => c.Source == "rp/ordinance-2020"));
        Assert.Equal(ordinanceInForce, decision.Obligations.Any(o => o.Code == Obligation.NotifyResidents));
    }

    [Fact]
    public void Federal_sources_apply_only_from_their_dates()
    {
        var request = new CooperationRequest { Jurisdiction = "us-mt-bozeman", Request = Request.StatusInformation, Agency = Agency.Ice };

        request.AsOf = Timestamp.FromDateTime(new DateTime(1996, 9, 29, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Outcome.NotAddressed, CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).Outcome);
        request.AsOf = Timestamp.FromDateTime(new DateTime(1996, 9, 30, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Outcome.Permitted, CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now).Outcome);
    }

    [Fact]
    public void A_criminal_investigation_request_implies_criminal_activity()
    {
        var request = new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.CriminalInvestigation, Agency = Agency.Cbp, UnknownFacts = { Fact.CriminalActivity } };

        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now);

        Assert.Equal(Outcome.ApprovalRequired, decision.Outcome);
        Assert.Empty(decision.DependsOn.ToArray());
    }
}
