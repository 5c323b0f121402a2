using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using ComplianceService.Policies.Internal;
using ComplianceService.Engine.Internal;
using static ComplianceService.Engine.UnitTests.Jurisdictions;
using static ComplianceService.Engine.UnitTests.Sources;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The executable reference semantics (<see cref="ReferenceEvaluator"/>, rule by rule from the
/// parsed policy files) against DOMAIN.md's version 2 rule tables: one row per rule, a concrete
/// request chosen so that rule is the one that decides its source (or attaches, or where a table
/// says so, leaves its source silent). Every expectation below was worked out by hand from
/// DOMAIN.md: what the rule's source answers and from which clause, the final outcome over the
/// whole jurisdiction chain, the obligations and the citation's provenance. None of it comes
/// from the code under test. Each row is also decided by the loaded snapshot, as the server
/// decides it.
/// </summary>
public sealed class ReferenceSemanticsTests
{
    // What the rule's source answers: an outcome, or it is silent, or the rule under test is an
    // attach rule (its obligations are the row's obligations from that source).
    private const Outcome Prohibited = Outcome.Prohibited;
    private const Outcome Required = Outcome.Required;
    private const Outcome ApprovalRequired = Outcome.ApprovalRequired;
    private const Outcome Permitted = Outcome.Permitted;
    private const Outcome NotAddressed = Outcome.NotAddressed;
    private const Outcome Silent = Outcome.NotAddressed;
    private const Outcome Attaches = Outcome.Unspecified;

    private const Provenance Official = Provenance.OfficialText;
    private const Provenance News = Provenance.NewsReport;
    private const Provenance Press = Provenance.PressStatement;
    private const Provenance Editorial = Provenance.Editorial;


    private static readonly ReferenceEvaluator Evaluator = new(CompiledPolicies.Policy);

    private static readonly Row[] Rows =
    [
        // ---- Federal (us), every agency: decided at the federal jurisdiction itself, where no other source speaks.
        new(Vccr, "36(1)(b)", Required, E(Federal, Action.NotifyConsulate, Contact.TrafficStop, Role.Arrestee, Fact.ForeignNational, Fact.ConsularNotificationRequested),
            Required, [O(Obligation.InformConsularRights, Vccr)]),
        new(Vccr, "36(1)(b)", Permitted, E(Federal, Action.NotifyConsulate, Contact.Booking, Role.Suspect, Fact.ForeignNational),
            Permitted, [O(Obligation.InformConsularRights, Vccr)]),
        // Attach rules attach unless the outcome is PROHIBITED, so also where nothing decides arrests.
        new(Vccr, "36(1)(b)", Attaches, E(Federal, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.ForeignNational, Fact.StateCharge),
            NotAddressed, [O(Obligation.InformConsularRights, Vccr)]),
        new(Vccr, "36(1)(b)", Attaches, E(Federal, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, Fact.ForeignNational, Fact.MandatoryNotificationCountry),
            NotAddressed, [O(Obligation.InformConsularRights, Vccr), O(Obligation.NotifyConsulate, Vccr)]),
        new(Rodriguez, null, Prohibited, E(Federal, Action.ExtendContact, Contact.PedestrianStop, Role.Suspect, Fact.ReasonableSuspicion, Fact.StatusPertinent, Fact.SupervisorApproval),
            Prohibited),
        new(Rodriguez, null, Prohibited, E(Federal, Action.VerifyStatus, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.ReasonableSuspicion),
            Prohibited),
        new(Rodriguez, null, Prohibited, E(Federal, Action.InquireStatus, Contact.PedestrianStop, Role.Witness, Fact.WouldExtendContact, Fact.StatusPertinent),
            Prohibited),
        new(Rodriguez, null, Prohibited, E(Federal, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.IdentityUnknown),
            Prohibited),
        // Investigating the suspected crime, which may include identifying the person.
        new(Rodriguez, null, Silent, E(Federal, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.ReasonableSuspicion, Fact.IdentityUnknown),
            NotAddressed),
        new(Usc1373, null, Permitted, C(Federal, Request.StatusInformation),
            Permitted),

        // ---- Missouri: RSMo 67.307 requires reporting status and nothing else.
        new(Rsmo, null, Required, C(Missouri, Request.StatusInformation),
            Required),
        new(Rsmo, null, Silent, C(Missouri, Request.Detainer, Fact.CriminalWarrant),
            NotAddressed),
        new(Rsmo, null, Silent, E(Missouri, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.IceDetainer),
            NotAddressed),

        // ---- Roeland Park directive (seed 000, III), encounters. The ordinance speaks to no encounter.
        new(Directive, "III.b", Prohibited, E(RoelandPark, Action.StopForStatus, Contact.PedestrianStop, Role.Other),
            Prohibited),
        new(Directive, "III.b", Permitted, E(RoelandPark, Action.InquireStatus, Contact.Investigation, Role.Suspect, Fact.StatusPertinent),
            Permitted),
        new(Directive, "III.b", Prohibited, E(RoelandPark, Action.InquireStatus, Contact.CallForService, Role.Suspect, Fact.StateCharge),
            Prohibited),
        new(Directive, "III.b", Prohibited, E(RoelandPark, Action.ExtendContact, Contact.Investigation, Role.Suspect, Fact.StateCharge, Fact.SupervisorApproval),
            Prohibited),
        new(Directive, "III.a", Permitted, E(RoelandPark, Action.ExtendContact, Contact.Investigation, Role.Suspect, Fact.StatusPertinent, Fact.SupervisorApproval),
            Permitted),
        new(Directive, "III.a", ApprovalRequired, E(RoelandPark, Action.ExtendContact, Contact.CallForService, Role.Witness, Fact.StatusPertinent),
            ApprovalRequired),
        new(Directive, "III.a", Permitted, E(RoelandPark, Action.VerifyStatus, Contact.Booking, Role.Arrestee, Fact.SupervisorApproval),
            Permitted),
        new(Directive, "III.a", ApprovalRequired, E(RoelandPark, Action.VerifyStatus, Contact.TrafficStop, Role.Suspect, Fact.StatusPertinent),
            ApprovalRequired),
        new(Directive, "III.c", Permitted, E(RoelandPark, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.ReasonableSuspicion, Fact.ForeignNational),
            Permitted, [O(Obligation.InformConsularRights, Vccr)]),
        new(Directive, "III.f, III.a", Permitted, E(RoelandPark, Action.DetainOrArrest, Contact.CallForService, Role.Other, Fact.PublicSafetyThreat, Fact.SupervisorApproval),
            Permitted),
        new(Directive, "III.f, III.a", ApprovalRequired, E(RoelandPark, Action.DetainOrArrest, Contact.CallForService, Role.Other, Fact.StatuteRequires),
            ApprovalRequired),
        // PROHIBITED: the consular attach rule does not attach.
        new(Directive, "III.c", Prohibited, E(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.ImmigrationWarrant, Fact.ForeignNational),
            Prohibited),
        new(Directive, "III.f", Required, E(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.CourtOrder, Fact.SupervisorApproval),
            Required),
        new(Directive, "III.f, III.a", Required, E(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.CriminalWarrant, Fact.IceDetainer),
            Required, [O(Obligation.ObtainApproval, Directive)]),
        new(Directive, "III.f, III.a", Permitted, E(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.PublicSafetyThreat, Fact.SupervisorApproval, Fact.IceDetainer),
            Permitted),
        new(Directive, "III.f, III.a", ApprovalRequired, E(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.PublicSafetyThreat),
            ApprovalRequired),
        new(Directive, "III.d", Prohibited, E(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.IceDetainer, Fact.StateCharge),
            Prohibited),
        new(Directive, "III.e", Prohibited, E(RoelandPark, Action.ContactIce, Contact.CallForService, Role.Suspect, Fact.ForeignNational, Fact.SupervisorApproval),
            Prohibited),
        new(Directive, "III.a", Permitted, E(RoelandPark, Action.ContactIce, Contact.Investigation, Role.Suspect, Fact.SeriousCrime, Fact.SupervisorApproval),
            Permitted),
        new(Directive, "III.a", ApprovalRequired, E(RoelandPark, Action.ContactIce, Contact.Investigation, Role.Suspect, Fact.PublicSafetyThreat),
            ApprovalRequired),

        // ---- Roeland Park directive, cooperation requests (the ordinance and 8 U.S.C. 1373 also answer some).
        new(Directive, "III.f", Required, C(RoelandPark, Request.ReleaseNotification, Fact.CourtOrder, Fact.SupervisorApproval),
            Required),
        new(Directive, "III.f, III.a", Required, C(RoelandPark, Request.Detainer, Fact.CriminalWarrant),
            Required, [O(Obligation.ObtainApproval, Directive)]),
        new(Directive, "III.f, III.a", Permitted, C(RoelandPark, Request.EnforcementAssistance, Fact.PublicSafetyThreat, Fact.SupervisorApproval),
            Permitted),
        new(Directive, "III.f, III.a", ApprovalRequired, C(RoelandPark, Request.PlannedOperation, Fact.PublicSafetyThreat),
            ApprovalRequired, [O(Obligation.NotifyResidents, Ordinance)]),
        new(Directive, "III.f", Required, C(RoelandPark, Request.CriminalInvestigation, Fact.PublicSafetyThreat),
            Required),
        // A CRIMINAL_INVESTIGATION request implies CRIMINAL_ACTIVITY.
        new(Directive, "III.g", Permitted, C(RoelandPark, Request.CriminalInvestigation, Fact.SupervisorApproval),
            Permitted, [O(Obligation.WeighFactors, Directive)]),
        new(Directive, "III.g", ApprovalRequired, C(RoelandPark, Request.CriminalInvestigation),
            ApprovalRequired, [O(Obligation.WeighFactors, Directive)]),
        new(Directive, "III.d", Prohibited, C(RoelandPark, Request.Detainer, Fact.ImmigrationWarrant),
            Prohibited),
        new(Directive, "III.e", Prohibited, C(RoelandPark, Request.ReleaseNotification, Fact.ImmigrationWarrant),
            Prohibited),
        // 8 U.S.C. 1373 preempts the directive's PROHIBITED.
        new(Directive, "III.e", Prohibited, C(RoelandPark, Request.StatusInformation),
            Permitted),

        // ---- Roeland Park ordinance (as reported: NEWS_REPORT).
        new(Ordinance, null, Attaches, C(RoelandPark, Request.PlannedOperation),
            Prohibited, [O(Obligation.NotifyResidents, Ordinance)]),
        new(Ordinance, null, Permitted, C(RoelandPark, Request.Detainer, Fact.CrimeInProgress),
            ApprovalRequired, [O(Obligation.WeighFactors, Directive)], News),
        // A crime in progress: no resident notice.
        new(Ordinance, null, Permitted, C(RoelandPark, Request.PlannedOperation, Fact.CrimeInProgress, Fact.SupervisorApproval),
            Permitted, [O(Obligation.WeighFactors, Directive)], News),
        new(Ordinance, null, Silent, C(RoelandPark, Request.EnforcementAssistance, Fact.StatuteRequires),
            Required, [O(Obligation.ObtainApproval, Directive)]),
        new(Ordinance, null, Prohibited, C(RoelandPark, Request.ReleaseNotification, Fact.CriminalActivity),
            Prohibited, Provenance: News),
        new(Ordinance, null, Silent, C(RoelandPark, Request.StatusInformation, Fact.PublicSafetyThreat),
            Required),

        // ---- St. Joseph SO0801 (seed 002), encounters. RSMo is silent on encounters.
        new(So0801, "II.A.1", Prohibited, E(StJoseph, Action.InquireStatus, Contact.CallForService, Role.Victim, Fact.StatusInQuestion),
            Prohibited),
        new(So0801, "II.B.1, II.B.4", Permitted, E(StJoseph, Action.InquireStatus, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion),
            Permitted),
        new(So0801, null, Silent, E(StJoseph, Action.InquireStatus, Contact.CallForService, Role.Suspect),
            NotAddressed),
        new(So0801, "II.B.5", Prohibited, E(StJoseph, Action.StopForStatus, Contact.PedestrianStop, Role.Other, Fact.StatusInQuestion),
            Prohibited),
        new(So0801, "II.B.5", Prohibited, E(StJoseph, Action.ExtendContact, Contact.Investigation, Role.Suspect, Fact.StatusPertinent),
            Prohibited),
        new(So0801, "II.B.1", Permitted, E(StJoseph, Action.VerifyStatus, Contact.Booking, Role.Arrestee, Fact.ValidGovernmentId),
            Permitted),
        new(So0801, "II.B.1-3", Required, E(StJoseph, Action.VerifyStatus, Contact.Booking, Role.Arrestee, Fact.StateCharge),
            Required, [O(Obligation.StatusCheckViaCommunications, So0801)]),
        new(So0801, "II.A.1", Prohibited, E(StJoseph, Action.VerifyStatus, Contact.CallForService, Role.Witness, Fact.StatusInQuestion),
            Prohibited),
        new(So0801, "II.B.5", Prohibited, E(StJoseph, Action.VerifyStatus, Contact.Investigation, Role.Suspect, Fact.WouldExtendContact, Fact.StatusInQuestion),
            Prohibited),
        new(So0801, "II.B.4", Permitted, E(StJoseph, Action.VerifyStatus, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion),
            Permitted, [O(Obligation.StatusCheckViaCommunications, So0801)]),
        new(So0801, "II.B.4.a", Permitted, E(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion, Fact.OrdinanceViolation),
            Permitted, [O(Obligation.NotifyIceAsap, So0801)]),
        // An ICE detainer is itself a reason to question status (and a basis to hold).
        new(So0801, "II.B.4.b-c", Permitted, E(StJoseph, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, Fact.IceDetainer, Fact.ForeignNational),
            Permitted, [O(Obligation.InformConsularRights, Vccr)]),
        new(So0801, "II.B.4", Prohibited, E(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion),
            Prohibited, [O(Obligation.ContactIceNow, So0801), O(Obligation.ReleaseIfNoTimelyResponse, So0801)]),
        new(So0801, null, Silent, E(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect),
            NotAddressed),
        new(So0801, "II.B.5", Attaches, E(StJoseph, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, Fact.StatusInQuestion, Fact.StateCharge),
            Permitted, [O(Obligation.NotifyIceAsap, So0801)]),
        new(So0801, "II.B.4.b-c", Permitted, E(StJoseph, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.CriminalWarrant),
            Permitted),
        new(So0801, "II.B.4", Prohibited, E(StJoseph, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.StateCharge),
            Prohibited),
        new(So0801, "II.B.5", Attaches, E(StJoseph, Action.HonorDetainer, Contact.CallForService, Role.Suspect, Fact.StatusInQuestion),
            Prohibited, [O(Obligation.ContactIceNow, So0801), O(Obligation.ReleaseIfNoTimelyResponse, So0801)]),
        // The stop would be prolonged: no CONTACT_ICE_NOW, but release if ICE cannot answer.
        new(So0801, "II.B.5", Attaches, E(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion, Fact.WouldExtendContact),
            Prohibited, [O(Obligation.ReleaseIfNoTimelyResponse, So0801)]),
        new(So0801, "II.A.1", Prohibited, E(StJoseph, Action.ContactIce, Contact.CallForService, Role.Witness, Fact.StatusInQuestion),
            Prohibited),
        new(So0801, "II.B.5", Required, E(StJoseph, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion),
            Required, [O(Obligation.ReleaseIfNoTimelyResponse, So0801)]),
        new(So0801, "II.B.5", Permitted, E(StJoseph, Action.ContactIce, Contact.Booking, Role.Arrestee, Fact.StatusInQuestion, Fact.StateCharge),
            Permitted, [O(Obligation.NotifyIceAsap, So0801)]),
        new(So0801, "II.B.4", Permitted, E(StJoseph, Action.ContactIce, Contact.Investigation, Role.Suspect, Fact.ImmigrationWarrant),
            Permitted),
        new(So0801, null, Silent, E(StJoseph, Action.ContactIce, Contact.Investigation, Role.Suspect),
            NotAddressed),
        // Federal law answers the same; the duty is listed once.
        new(So0801, "II.B.6", Required, E(StJoseph, Action.NotifyConsulate, Contact.Booking, Role.Arrestee, Fact.ForeignNational, Fact.ConsularNotificationRequested),
            Required, [O(Obligation.InformConsularRights)]),
        new(So0801, "II.B.6", Permitted, E(StJoseph, Action.NotifyConsulate, Contact.TrafficStop, Role.Arrestee, Fact.ForeignNational),
            Permitted, [O(Obligation.InformConsularRights)]),
        new(So0801, "II.C.3", Required, V(StJoseph, Contact.Investigation, Role.Victim, Crime.HumanTrafficking),
            Required, [O(Obligation.ForwardToDetectives, So0801), O(Obligation.DocumentDecision, So0801)], Visa: Visa.T),

        // ---- St. Joseph SO0801, cooperation requests: read as the statute it quotes.
        new(So0801, "II", Required, C(StJoseph, Request.ReleaseNotification),
            Required),
        new(So0801, "II", Required, C(StJoseph, Request.CriminalInvestigation),
            Required),
        new(So0801, "II.B.4.c", Permitted, C(StJoseph, Request.Detainer, Fact.ImmigrationWarrant),
            Permitted),
        new(So0801, null, Silent, C(StJoseph, Request.EnforcementAssistance, Fact.CriminalWarrant),
            NotAddressed),
        new(So0801, null, Silent, C(StJoseph, Request.PlannedOperation, Fact.PublicSafetyThreat),
            NotAddressed),

        // ---- Public statements (seed 003 for the four Kansas City-area agencies, seed 004 for Bozeman).
        new(Kcpd, null, Prohibited, E(KansasCityMo, Action.StopForStatus, Contact.PedestrianStop, Role.Other),
            Prohibited, Provenance: Press),
        new(Kcpd, null, Permitted, C(KansasCityMo, Request.Detainer, Fact.CourtOrder),
            Permitted, Provenance: Editorial),
        new(Oppd, null, Permitted, C(OverlandPark, Request.Detainer, Fact.CriminalWarrant),
            Permitted, Provenance: Editorial),
        new(Kckpd, null, Permitted, C(KansasCityKs, Request.Detainer, Fact.CourtOrder),
            Permitted, Provenance: Editorial),
        new(Ipd, null, Permitted, C(Independence, Request.Detainer, Fact.CriminalWarrant),
            Permitted, Provenance: Editorial),
        // A hold only on a warrant or court order; the "assist ICE" words are about every other request.
        new(Kcpd, null, Silent, C(KansasCityMo, Request.Detainer, Fact.PublicSafetyThreat, Fact.CriminalActivity),
            NotAddressed),
        new(Kcpd, null, Permitted, C(KansasCityMo, Request.EnforcementAssistance, Fact.CriminalActivity),
            Permitted, Provenance: Editorial),
        new(Oppd, null, Permitted, C(OverlandPark, Request.PlannedOperation, Fact.PublicSafetyThreat),
            Permitted, Provenance: Editorial),
        new(Kckpd, null, Permitted, C(KansasCityKs, Request.CriminalInvestigation),
            Permitted, Provenance: Editorial),
        new(Ipd, null, Permitted, C(Independence, Request.ReleaseNotification, Fact.CrimeInProgress),
            Permitted, Provenance: Editorial),
        // Solely immigration: the editorial does not say they assist.
        new(Oppd, null, Silent, C(OverlandPark, Request.EnforcementAssistance, Fact.ImmigrationWarrant, Fact.SupervisorApproval),
            NotAddressed),
        new(Oppd, null, Permitted, E(OverlandPark, Action.InquireStatus, Contact.Investigation, Role.Suspect, Fact.StatusPertinent),
            Permitted, Provenance: Press),
        new(Oppd, null, Prohibited, E(OverlandPark, Action.InquireStatus, Contact.CallForService, Role.Victim),
            Prohibited, Provenance: Press),
        new(Kckpd, null, Prohibited, E(KansasCityKs, Action.StopForStatus, Contact.TrafficStop, Role.Suspect),
            Prohibited, Provenance: Press),
        new(Ipd, null, Permitted, E(Independence, Action.ContactIce, Contact.Investigation, Role.Victim, Fact.IdentityUnknown),
            Permitted, Provenance: Press),
        new(Bpd, null, Prohibited, E(Bozeman, Action.InquireStatus, Contact.CallForService, Role.Witness, Fact.StatusPertinent),
            Prohibited, Provenance: Press),
    ];

    public static TheoryData<string> RowNames()
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows)
        {
            data.Add(row.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public void The_reference_evaluator_decides_the_rule_as_DOMAIN_md_says(string name)
    {
        var row = Rows.Single(r => r.Name == name);
        var jurisdiction = CompiledPolicies.Policy.Find(row.Query.Jurisdiction);
        Assert.NotNull(jurisdiction);

        var decision = Evaluator.Evaluate(jurisdiction, Checks.Now.Ticks, row.Query.Target, row.Query.Input);

        // The rule under test decides its source (or leaves it silent, or attaches).
        var answer = decision.Answers.SingleOrDefault(a => a.Source.Id == row.Source);
        switch (row.Says)
        {
            case Attaches:
                var own = row.Obligations.Where(o => o.Source == row.Source).ToList();
                Assert.NotEmpty(own);
                foreach (var expected in own)
                {
                    var attached = Assert.Single(decision.Obligations, o => o.Code == expected.Code);
                    Assert.Equal(row.Source, attached.Source);
                    AssertClause(row.Section, attached.Section);
                }

                break;
            case Silent:
                Assert.True(answer is null, $"{row.Source} answered {answer?.Outcome} ({answer?.Rule}), DOMAIN.md has it silent here");
                break;
            default:
                Assert.True(answer is not null, $"{row.Source} was silent");
                Assert.Equal(row.Says, answer.Outcome);
                AssertClause(row.Section, answer.Rule.Section);
                Assert.Equal(row.Provenance, answer.Provenance);
                break;
        }

        // The whole chain: the final outcome, and exactly these obligations.
        Assert.Equal(row.Final, decision.Outcome);
        AssertObligations(row, decision.Obligations.Select(o => (o.Code, o.Source)));
        Assert.Equal(row.Visa, decision.Visa);

        // The loaded snapshot serves the same answer.
        var served = row.Query.DecideThroughSnapshot();
        Assert.Equal(row.Final, served.Outcome);
        AssertObligations(row, served.Obligations.Select(o => (o.Code, o.Source)));
        Assert.Equal(row.Visa, served.Visa);
        if (row.Says is not (Attaches or Silent))
        {
            var citation = Checks.CitationOf(served, row.Source);
            Assert.NotNull(citation);
            Assert.Equal(row.Says, citation.Outcome);
            Assert.Equal(row.Provenance, citation.Provenance);
        }
        else if (row.Says == Silent)
        {
            Assert.Null(Checks.CitationOf(served, row.Source));
        }
    }

    [Fact]
    public void Every_rule_of_the_policies_is_exercised_by_a_row()
    {
        // A deciding rule counts when it decided its source in some row; an attach rule when some
        // row's request matches it. Exempt: a rule shadowed by an earlier rule of its source that
        // always matches for the same targets (it can never decide).
        var decided = new HashSet<RuleModel>(ReferenceEqualityComparer.Instance);
        var matched = new HashSet<RuleModel>(ReferenceEqualityComparer.Instance);
        foreach (var row in Rows)
        {
            var jurisdiction = CompiledPolicies.Policy.Find(row.Query.Jurisdiction)!;
            var decision = Evaluator.Evaluate(jurisdiction, Checks.Now.Ticks, row.Query.Target, row.Query.Input);
            foreach (var answer in decision.Answers)
            {
                decided.Add(answer.Rule);
            }

            var input = row.Query.Input | InputLayout.ForcedBits(row.Query.Target);
            foreach (var rule in jurisdiction.Chain.SelectMany(j => j.Sources).SelectMany(s => s.Rules))
            {
                if (rule.IsAttach && rule.SpeaksTo(row.Query.Target) && rule.When.Evaluate(input))
                {
                    matched.Add(rule);
                }
            }
        }

        var missing = new List<string>();
        foreach (var source in CompiledPolicies.Policy.Jurisdictions.SelectMany(j => j.Sources))
        {
            for (var i = 0; i < source.Rules.Count; i++)
            {
                var rule = source.Rules[i];
                var shadowed = source.Rules.Take(i).Any(earlier =>
                    !earlier.IsAttach && ReferenceEquals(earlier.When, Condition.Always) && (earlier.Targets & rule.Targets) == rule.Targets);
                if (!shadowed && !(rule.IsAttach ? matched : decided).Contains(rule))
                {
                    missing.Add(rule.ToString());
                }
            }
        }

        Assert.True(missing.Count == 0, "rules no row exercises:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Rows_are_distinct()
    {
        Assert.Equal(Rows.Length, Rows.Select(r => r.Name).Distinct().Count());
    }

    /// <summary>The cited clause is one DOMAIN.md names for the row: each part of
    /// <paramref name="actual"/> ("III.f, III.a") is one of the parts of <paramref name="domain"/>
    /// or lies within one of its ranges ("II.B.1" and "II.B.2-3" within "II.B.1-3"). Null: DOMAIN.md
    /// names no clause (federal and state law, the ordinance, the statements).</summary>
    private static void AssertClause(string? domain, string actual)
    {
        if (domain is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(actual));
            return;
        }

        var allowed = domain.Split(", ");
        Assert.True(actual.Split(", ").All(part => allowed.Any(clause => Within(part, clause))), $"cites '{actual}', DOMAIN.md names '{domain}'");
    }

    private static bool Within(string part, string clause)
    {
        if (part == clause)
        {
            return true;
        }

        var (prefix, low, high) = Range(clause);
        var (partPrefix, partLow, partHigh) = Range(part);
        return prefix == partPrefix && Compare(low, partLow) <= 0 && Compare(partHigh, high) <= 0;
    }

    private static (string Prefix, string Low, string High) Range(string clause)
    {
        var dot = clause.LastIndexOf('.');
        var last = clause[(dot + 1)..];
        var dash = last.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (clause[..(dot + 1)], last, last) : (clause[..(dot + 1)], last[..dash], last[(dash + 1)..]);
    }

    private static int Compare(string a, string b) => a.Length != b.Length ? a.Length - b.Length : string.CompareOrdinal(a, b);

    private static void AssertObligations(Row row, IEnumerable<(Obligation Code, string Source)> actual)
    {
        var list = actual.ToList();
        Assert.Equal(row.Obligations.Select(o => o.Code).Order(), list.Select(o => o.Code).Order());
        foreach (var expected in row.Obligations.Where(o => o.Source is not null))
        {
            Assert.Equal(expected.Source, list.Single(o => o.Code == expected.Code).Source);
        }
    }

    private static Query E(string jurisdiction, Action action, Contact contact, Role role, params Fact[] facts) =>
        new(jurisdiction, action, Request.Unspecified, contact, role, Crime.Unspecified, facts);

    private static Query V(string jurisdiction, Contact contact, Role role, Crime crime) =>
        new(jurisdiction, Action.CertifyVisa, Request.Unspecified, contact, role, crime, []);

    private static Query C(string jurisdiction, Request request, params Fact[] basis) =>
        new(jurisdiction, Action.Unspecified, request, Contact.Unspecified, Role.Unspecified, Crime.Unspecified, basis);

    private static Expected O(Obligation code, string? source = null) => new(code, source);

    /// <summary>An obligation the decision carries, from <paramref name="Source"/> (null: whichever
    /// source's, where two sources impose the same duty and it is listed once).</summary>
    private sealed record Expected(Obligation Code, string? Source);

    private sealed record Query(string Jurisdiction, Action Action, Request Request, Contact Contact, Role Role, Crime Crime, Fact[] Facts)
    {
        public int Target => Action != Action.Unspecified ? InputLayout.ActionTarget(Action) : InputLayout.RequestTarget(Request);

        public ulong Input
        {
            get
            {
                var input = InputLayout.ContactBit(Contact) | InputLayout.RoleBit(Role) | InputLayout.CrimeBit(Crime);
                foreach (var fact in Facts)
                {
                    input |= InputLayout.FactBit(fact);
                }

                return input;
            }
        }

        public Decision DecideThroughSnapshot() => Action != Action.Unspecified
            ? Checks.Decide(new EncounterRequest { Jurisdiction = Jurisdiction, Action = Action, Contact = Contact, Role = Role, Crime = Crime, Facts = { Facts } })
            : Checks.Decide(Checks.Cooperation(Jurisdiction, Request, Facts));

        public override string ToString()
        {
            var what = Action != Action.Unspecified ? $"{Action} {Contact} {Role}{(Crime != Crime.Unspecified ? " " + Crime : "")}" : Request.ToString();
            return $"{Jurisdiction} {what} [{string.Join(" ", Facts)}]";
        }
    }

    private sealed record Row(string Source, string? Section, Outcome Says, Query Query, Outcome Final, Expected[]? Expect = null, Provenance Provenance = Official, Visa Visa = Visa.Unspecified)
    {
        public Expected[] Obligations => Expect ?? [];

        public string Name => $"{Source} {Section ?? ""} {(Says == Attaches ? "attaches" : Says == Silent ? "silent" : Says.ToString())}: {Query} -> {Final}";
    }
}
