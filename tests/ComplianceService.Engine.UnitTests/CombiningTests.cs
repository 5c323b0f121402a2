using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
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
                provenance: OFFICIAL_TEXT
                effective: unknown
                seed: none
                rules:
                  - section: "1"
                    quote: "Officers shall contact ICE."
                    actions: [CONTACT_ICE]
                    outcome: REQUIRED
                    guidance: "Contact ICE (KSA test 1)"
            """);
        var compilation = PolicyFolder.Compile(copy.Path);
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
        // St. Joseph, status in question and a state charge: SO0801 II.B.4.a decides (PERMITTED);
        // II.B.5 attaches NOTIFY_ICE_ASAP and VCCR art. 36 attaches both consular duties (asked).
        var decision = CompiledPolicies.Snapshot.CheckEncounter(
            new EncounterRequest
            {
                Jurisdiction = "us-mo-st-joseph",
                Action = Action.DetainOrArrest,
                Contact = Contact.TrafficStop,
                Role = Role.Suspect,
                Facts = { Fact.ForeignNational, Fact.ConsularNotificationRequested, Fact.StatusInQuestion, Fact.StateCharge },
            },
            Now).ToMessage();

        Assert.Equal(Outcome.Permitted, decision.Outcome);
        Assert.Equal(
            [
                (Obligation.NotifyConsulate, "us/vccr-art36", "36(1)(b)"),
                (Obligation.NotifyIceAsap, "stj/so0801", "II.B.5"),
                (Obligation.InformConsularRights, "us/vccr-art36", "36(1)(b)"),
            ],
            decision.Obligations.Select(o => (o.Code, o.Source, o.Section)).OrderBy(o => o.Code));
        Assert.Equal(["stj/so0801"], decision.Citations.Select(c => c.Source));
    }

    [Fact]
    public void An_attach_rule_attaches_where_no_source_decides()
    {
        // Bozeman has no rule on arrests: NOT_ADDRESSED, and the consular duty still comes with it.
        var decision = Checks.Decide(Jurisdictions.Bozeman, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, Fact.ForeignNational, Fact.StateCharge);

        Assert.Equal(Outcome.NotAddressed, decision.Outcome);
        Assert.Empty(decision.Citations);
        var obligation = Assert.Single(decision.Obligations);
        Assert.Equal((Obligation.InformConsularRights, "us/vccr-art36"), (obligation.Code, obligation.Source));
    }

    [Fact]
    public void An_always_attach_rule_attaches_to_a_PROHIBITED()
    {
        // St. Joseph, status in question, no grounds to hold: PROHIBITED, and II.B.5's duties still apply.
        var decision = Checks.Decide(Jurisdictions.StJoseph, Action.DetainOrArrest, Contact.CallForService, Role.Suspect, Fact.StatusInQuestion);

        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Equal([Obligation.ContactIceNow, Obligation.ReleaseIfNoTimelyResponse], Checks.Codes(decision));
    }

    [Fact]
    public void A_higher_preempting_PERMITTED_overrides_a_lower_APPROVAL_REQUIRED_as_well_as_a_PROHIBITED()
    {
        // 8 U.S.C. 1373 over RPPD III.g (criminal activity: APPROVAL_REQUIRED) and III.e (PROHIBITED).
        var approval = Checks.Decide(Jurisdictions.RoelandPark, Request.StatusInformation, Fact.CriminalActivity);
        var prohibition = Checks.Decide(Jurisdictions.RoelandPark, Request.StatusInformation);

        Assert.Equal(Outcome.Permitted, approval.Outcome);
        Assert.Equal(
            [("us/8usc1373", Outcome.Permitted, Effect.Determining), ("rp/directive", Outcome.ApprovalRequired, Effect.Overridden)],
            approval.Citations.Select(c => (c.Source, c.Outcome, c.Effect)));
        Assert.Empty(approval.Obligations); // WEIGH_FACTORS belongs to the overridden answer
        Assert.Equal(Outcome.Permitted, prohibition.Outcome);
        Assert.Equal(
            [("us/8usc1373", Outcome.Permitted, Effect.Determining), ("rp/directive", Outcome.Prohibited, Effect.Overridden)],
            prohibition.Citations.Select(c => (c.Source, c.Outcome, c.Effect)));
    }

    [Fact]
    public void A_preempting_PERMITTED_leaves_a_lower_REQUIRED_standing()
    {
        // Missouri: RSMo 67.307 (state law) REQUIRED beside 8 U.S.C. 1373 PERMITTED: REQUIRED comes first.
        var decision = Checks.Decide(Jurisdictions.StJoseph, Request.StatusInformation);

        Assert.Equal(Outcome.Required, decision.Outcome);
        Assert.Equal(
            [("us/8usc1373", Effect.Concurring), ("us-mo/rsmo-67.307", Effect.Determining), ("stj/so0801", Effect.Determining)],
            decision.Citations.Select(c => (c.Source, c.Effect)));
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
