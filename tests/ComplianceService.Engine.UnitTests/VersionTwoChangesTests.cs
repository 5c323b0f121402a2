using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static ComplianceService.Engine.UnitTests.Checks;
using static ComplianceService.Engine.UnitTests.Jurisdictions;
using static ComplianceService.Engine.UnitTests.Sources;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// One test per numbered change of DOMAIN.md "Changes in version 2", each written from the
/// change's clause and decided through the loaded snapshot as the server decides. Each asserts at
/// least one answer that version 1 gave differently (noted "v1:" where it helps).
/// </summary>
public sealed class VersionTwoChangesTests
{

    private static readonly Request[] SupportRequests = [Request.Detainer, Request.ReleaseNotification, Request.EnforcementAssistance, Request.PlannedOperation];

    [Fact]
    public void Change01_RoelandParkStatusQuestionsNeedPertinenceAndAnIceRecordsCheckNeedsApproval()
    {
        // III.b: a charge alone no longer makes a status question "not solely" about status (v1: PERMITTED).
        var charged = Decide(RoelandPark, Action.InquireStatus, Contact.CallForService, Role.Suspect, Fact.StateCharge);
        Assert.Equal(Outcome.Prohibited, charged.Outcome);
        Assert.Equal("III.b", CitationOf(charged, Directive)!.Section);
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.InquireStatus, Contact.CallForService, Role.Suspect, Fact.StateCharge, Fact.StatusPertinent).Outcome);

        // EXTEND_CONTACT likewise: without pertinence even approval does not help.
        var extend = Decide(RoelandPark, Action.ExtendContact, Contact.Investigation, Role.Suspect, Fact.StateCharge, Fact.SupervisorApproval);
        Assert.Equal(Outcome.Prohibited, extend.Outcome);
        Assert.Equal("III.b", CitationOf(extend, Directive)!.Section);
        Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, Action.ExtendContact, Contact.Investigation, Role.Suspect, Fact.StatusPertinent).Outcome);

        // An ICE records check is not questioning: approval under III.a (v1: PROHIBITED as "solely status").
        var check = Decide(RoelandPark, Action.VerifyStatus, Contact.CallForService, Role.Suspect);
        Assert.Equal(Outcome.ApprovalRequired, check.Outcome);
        Assert.Equal("III.a", CitationOf(check, Directive)!.Section);
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.VerifyStatus, Contact.CallForService, Role.Suspect, Fact.SupervisorApproval).Outcome);
    }

    [Fact]
    public void Change02_RoelandParkDetentionNeedsANonStatusBasisAndAgreesWithTheHoldCard()
    {
        // III.c: an arrest basis, or reasonable suspicion of a crime.
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.ReasonableSuspicion).Outcome);
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.CriminalWarrant).Outcome);

        // Status alone, an administrative immigration warrant included, is no basis.
        var statusAlone = Decide(RoelandPark, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.ImmigrationWarrant, Fact.StatusInQuestion);
        Assert.Equal(Outcome.Prohibited, statusAlone.Outcome);
        Assert.Equal("III.c", CitationOf(statusAlone, Directive)!.Section);

        // A statute or a public-safety threat: approval first (v1: PERMITTED outright).
        foreach (var reason in new[] { Fact.StatuteRequires, Fact.PublicSafetyThreat })
        {
            Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, reason).Outcome);
            Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, reason, Fact.SupervisorApproval).Outcome);
        }

        // The two cards agree: on a threat, holding needs the same approval as detaining.
        Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.PublicSafetyThreat).Outcome);
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.PublicSafetyThreat, Fact.SupervisorApproval).Outcome);

        // On a statute the hold is a duty, still with approval.
        var hold = Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.StatuteRequires);
        Assert.Equal(Outcome.Required, hold.Outcome);
        Assert.Equal([Obligation.ObtainApproval], Codes(hold));
    }

    [Fact]
    public void Change03_RoelandParkContactingIceForACriminalPurposeStillNeedsApproval()
    {
        // A public-safety threat no longer skips III.a (v1: PERMITTED).
        var threat = Decide(RoelandPark, Action.ContactIce, Contact.Investigation, Role.Suspect, Fact.PublicSafetyThreat);
        Assert.Equal(Outcome.ApprovalRequired, threat.Outcome);
        Assert.Equal("III.a", CitationOf(threat, Directive)!.Section);
        Assert.Equal(Outcome.Permitted, Decide(RoelandPark, Action.ContactIce, Contact.Investigation, Role.Suspect, Fact.PublicSafetyThreat, Fact.SupervisorApproval).Outcome);

        // Any criminal purpose likewise.
        foreach (var purpose in new[] { Fact.StateCharge, Fact.SeriousCrime, Fact.ReasonableSuspicion, Fact.IdentityUnknown, Fact.StatusPertinent, Fact.StatuteRequires })
        {
            Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, Action.ContactIce, Contact.Investigation, Role.Suspect, purpose).Outcome);
        }

        // Immigration enforcement alone: III.e, approval or not.
        var alone = Decide(RoelandPark, Action.ContactIce, Contact.CallForService, Role.Suspect, Fact.SupervisorApproval, Fact.ImmigrationWarrant);
        Assert.Equal(Outcome.Prohibited, alone.Outcome);
        Assert.Equal("III.e", CitationOf(alone, Directive)!.Section);
    }

    [Fact]
    public void Change04_RoelandParkHoldsAndSupportAreRequiredOnlyOnAMandateAndNeedApprovalOnAThreat()
    {
        foreach (var request in SupportRequests)
        {
            // A warrant, court order or statute: REQUIRED, with approval.
            foreach (var mandate in new[] { Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires })
            {
                var required = Decide(RoelandPark, request, mandate);
                Assert.Equal(Outcome.Required, required.Outcome);
                var approval = Assert.Single(required.Obligations, o => o.Code == Obligation.ObtainApproval);
                Assert.Equal((Directive, "III.a"), (approval.Source, approval.Section));
            }

            // A public-safety threat alone: APPROVAL_REQUIRED (v1: REQUIRED).
            Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, request, Fact.PublicSafetyThreat).Outcome);
            Assert.Equal(Outcome.Permitted, Decide(RoelandPark, request, Fact.PublicSafetyThreat, Fact.SupervisorApproval).Outcome);
        }

        // Whether the officer asks or ICE asks.
        var hold = Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.CourtOrder);
        Assert.Equal(Outcome.Required, hold.Outcome);
        Assert.Equal([Obligation.ObtainApproval], Codes(hold));
        Assert.Equal(Outcome.ApprovalRequired, Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.PublicSafetyThreat).Outcome);

        // A refused detainer cites III.d, on either card.
        var refused = Decide(RoelandPark, Request.Detainer, Fact.ImmigrationWarrant);
        Assert.Equal(Outcome.Prohibited, refused.Outcome);
        Assert.Equal("III.d", CitationOf(refused, Directive)!.Section);
        var refusedHold = Decide(RoelandPark, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.IceDetainer);
        Assert.Equal(Outcome.Prohibited, refusedHold.Outcome);
        Assert.Equal("III.d", CitationOf(refusedHold, Directive)!.Section);
    }

    [Fact]
    public void Change05_WeighFactorsAccompaniesTheApprovedAnswerAndACrimeInProgressIsCriminalActivity()
    {
        // III.g approved: PERMITTED + WEIGH_FACTORS (v1: PERMITTED alone), the supervisor's to do.
        var approved = Decide(RoelandPark, Request.CriminalInvestigation, Fact.SupervisorApproval);
        Assert.Equal(Outcome.Permitted, approved.Outcome);
        var weigh = Assert.Single(approved.Obligations);
        Assert.Equal((Obligation.WeighFactors, Directive, "III.g", Actor.Supervisor), (weigh.Code, weigh.Source, weigh.Section, weigh.Actor));

        // A crime in progress is criminal activity (v1: a detainer on it was PROHIBITED by III.d).
        var inProgress = Decide(RoelandPark, Request.Detainer, Fact.CrimeInProgress);
        Assert.Equal(Outcome.ApprovalRequired, inProgress.Outcome);
        Assert.Equal("III.g", CitationOf(inProgress, Directive)!.Section);
        Assert.Equal([Obligation.WeighFactors], Codes(inProgress));
        var inProgressApproved = Decide(RoelandPark, Request.Detainer, Fact.CrimeInProgress, Fact.SupervisorApproval);
        Assert.Equal(Outcome.Permitted, inProgressApproved.Outcome);
        Assert.Equal([Obligation.WeighFactors], Codes(inProgressApproved));
    }

    [Fact]
    public void Change06_RoelandParkOrdinanceLiftsItsBarOnlyOnAThreatOrACrimeInProgressAndIsANewsReport()
    {
        foreach (var request in SupportRequests)
        {
            // Alleged criminal activity alone does not lift it, approval or not (v1: silent).
            var alleged = Decide(RoelandPark, request, Fact.CriminalActivity, Fact.SupervisorApproval);
            Assert.Equal(Outcome.Prohibited, alleged.Outcome);
            var bar = CitationOf(alleged, Ordinance)!;
            Assert.Equal((Outcome.Prohibited, Effect.Determining, Provenance.NewsReport), (bar.Outcome, bar.Effect, bar.Provenance));

            // A public-safety threat or a crime in progress lifts it.
            foreach (var lift in new[] { Fact.PublicSafetyThreat, Fact.CrimeInProgress })
            {
                var lifted = CitationOf(Decide(RoelandPark, request, lift), Ordinance)!;
                Assert.Equal((Outcome.Permitted, Provenance.NewsReport), (lifted.Outcome, lifted.Provenance));
            }

            // A warrant, court order or statute: the ordinance is silent, the directive decides.
            foreach (var mandate in new[] { Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires })
            {
                var decision = Decide(RoelandPark, request, mandate);
                Assert.Null(CitationOf(decision, Ordinance));
                Assert.Equal(Outcome.Required, decision.Outcome);
            }
        }

        // Silent on sharing status: "not obligated" is neither a duty nor a prohibition.
        Fact[][] bases = [[], [Fact.ImmigrationWarrant], [Fact.PublicSafetyThreat]];
        foreach (var basis in bases)
        {
            Assert.Null(CitationOf(Decide(RoelandPark, Request.StatusInformation, basis), Ordinance));
        }

        Assert.Null(CitationOf(Decide(RoelandPark, Request.CriminalInvestigation), Ordinance));
    }

    [Fact]
    public void Change07_RodriguezForbidsProlongingAStopForAStatusCheckWhateverTheSuspicion()
    {
        // Montana: no source but federal law. Prolonging the stop itself (v1: allowed on reasonable suspicion).
        foreach (var stop in new[] { Contact.TrafficStop, Contact.PedestrianStop })
        {
            var extend = Decide(Montana, Action.ExtendContact, stop, Role.Suspect, Fact.ReasonableSuspicion, Fact.StatusPertinent, Fact.IdentityUnknown, Fact.SupervisorApproval);
            Assert.Equal(Outcome.Prohibited, extend.Outcome);
            Assert.Equal(Effect.Determining, CitationOf(extend, Rodriguez)!.Effect);
        }

        Assert.Equal(Outcome.NotAddressed, Decide(Montana, Action.ExtendContact, Contact.Investigation, Role.Suspect).Outcome);

        // A question, a check or an ICE call that prolongs the stop: only to investigate the
        // suspected crime (status pertinent to it, or identifying the person).
        foreach (var action in new[] { Action.InquireStatus, Action.VerifyStatus, Action.ContactIce })
        {
            Assert.Equal(Outcome.Prohibited, Decide(Montana, action, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.ReasonableSuspicion).Outcome);
            Assert.Equal(Outcome.Prohibited, Decide(Montana, action, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.StatusPertinent).Outcome);
            Assert.Equal(Outcome.NotAddressed, Decide(Montana, action, Contact.TrafficStop, Role.Suspect, Fact.WouldExtendContact, Fact.ReasonableSuspicion, Fact.StatusPertinent).Outcome);
            Assert.Equal(Outcome.NotAddressed, Decide(Montana, action, Contact.PedestrianStop, Role.Suspect, Fact.WouldExtendContact, Fact.ReasonableSuspicion, Fact.IdentityUnknown).Outcome);
            Assert.Equal(Outcome.NotAddressed, Decide(Montana, action, Contact.TrafficStop, Role.Suspect).Outcome); // not prolonged
        }
    }

    [Fact]
    public void Change08_ConsulateNotifiedOnlyWhenAskedOrMandatoryCountry()
    {
        // The duty is to inform of the right (v1: REQUIRED to notify every detained foreign national).
        var notAsked = Decide(Federal, Action.NotifyConsulate, Contact.Booking, Role.Arrestee, Fact.ForeignNational);
        Assert.Equal(Outcome.Permitted, notAsked.Outcome);
        var inform = Assert.Single(notAsked.Obligations);
        Assert.Equal((Obligation.InformConsularRights, Vccr, Actor.Officer), (inform.Code, inform.Source, inform.Actor));

        foreach (var reason in new[] { Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry })
        {
            var due = Decide(Federal, Action.NotifyConsulate, Contact.TrafficStop, Role.Arrestee, Fact.ForeignNational, reason);
            Assert.Equal(Outcome.Required, due.Outcome);
            Assert.Equal([Obligation.InformConsularRights], Codes(due));
        }

        // St. Joseph II.B.6 reads the same.
        Assert.Equal(Outcome.Permitted, Decide(StJoseph, Action.NotifyConsulate, Contact.Booking, Role.Arrestee, Fact.ForeignNational).Outcome);
        Assert.Equal(Outcome.Required, Decide(StJoseph, Action.NotifyConsulate, Contact.Booking, Role.Arrestee, Fact.ForeignNational, Fact.MandatoryNotificationCountry).Outcome);

        // On an arrest: inform always, notify only when due.
        var arrest = Decide(RoelandPark, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StateCharge, Fact.ForeignNational);
        Assert.Equal(Outcome.Permitted, arrest.Outcome);
        Assert.Equal([Obligation.InformConsularRights], Codes(arrest));
        var asked = Decide(RoelandPark, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StateCharge, Fact.ForeignNational, Fact.ConsularNotificationRequested);
        Assert.Equal([Obligation.NotifyConsulate, Obligation.InformConsularRights], Codes(asked));
        Assert.Equal(Actor.Agency, asked.Obligations.Single(o => o.Code == Obligation.NotifyConsulate).Actor);

        // The consular duty on an arrest survives where no local source decides arrests (v1: none attached).
        var bozeman = Decide(Bozeman, Action.DetainOrArrest, Contact.Booking, Role.Arrestee, Fact.ForeignNational, Fact.MandatoryNotificationCountry);
        Assert.Equal(Outcome.NotAddressed, bozeman.Outcome);
        Assert.Equal([Obligation.NotifyConsulate, Obligation.InformConsularRights], Codes(bozeman));
        var stJoseph = Decide(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StateCharge, Fact.ForeignNational);
        Assert.Equal(Outcome.NotAddressed, stJoseph.Outcome);
        Assert.Equal([Obligation.InformConsularRights], Codes(stJoseph));
    }

    [Fact]
    public void Change09_RsmoRequiresSharingStatusAndNothingElseAndSo0801IsReadTheSameWay()
    {
        // Quoted from the statute: a duty to report status.
        var share = Decide(Missouri, Request.StatusInformation);
        Assert.Equal(Outcome.Required, share.Outcome);
        var statute = CitationOf(share, Rsmo)!;
        Assert.Equal((Outcome.Required, Effect.Determining, Authority.StateLaw, Provenance.OfficialText), (statute.Outcome, statute.Effect, statute.Authority, statute.Provenance));
        Assert.Contains("to verify or report the immigration status", statute.Quote, StringComparison.Ordinal);

        // Nothing else (v1: REQUIRED for every request, and for a hold on an ICE detainer).
        foreach (var request in new[] { Request.Detainer, Request.ReleaseNotification, Request.EnforcementAssistance, Request.CriminalInvestigation, Request.PlannedOperation })
        {
            Assert.Equal(Outcome.NotAddressed, Decide(Missouri, request, Fact.CriminalWarrant, Fact.CriminalActivity).Outcome);
        }

        Assert.Equal(Outcome.NotAddressed, Decide(Missouri, Action.HonorDetainer, Contact.Booking, Role.Arrestee, Fact.IceDetainer).Outcome);

        // In force from 2008-08-28 (v1: for every date).
        Assert.Equal(Outcome.Permitted, Decide(At(Cooperation(Missouri, Request.StatusInformation), new DateTime(2008, 8, 27, 23, 59, 59, DateTimeKind.Utc))).Outcome);
        Assert.Equal(Outcome.Required, Decide(At(Cooperation(Missouri, Request.StatusInformation), new DateTime(2008, 8, 28, 0, 0, 0, DateTimeKind.Utc))).Outcome);

        // SO0801 II: reports REQUIRED, a detainer PERMITTED (II.B.4.c), silent on personnel and operations.
        foreach (var request in new[] { Request.StatusInformation, Request.ReleaseNotification, Request.CriminalInvestigation })
        {
            var reports = Decide(StJoseph, request);
            Assert.Equal(Outcome.Required, reports.Outcome);
            Assert.Equal(Outcome.Required, CitationOf(reports, So0801)!.Outcome);
        }

        var detainer = Decide(StJoseph, Request.Detainer);
        Assert.Equal(Outcome.Permitted, detainer.Outcome);
        Assert.Equal("II.B.4.c", CitationOf(detainer, So0801)!.Section);
        Assert.Equal(Outcome.NotAddressed, Decide(StJoseph, Request.EnforcementAssistance, Fact.CriminalWarrant).Outcome);
        Assert.Equal(Outcome.NotAddressed, Decide(StJoseph, Request.PlannedOperation, Fact.PublicSafetyThreat).Outcome);
    }

    [Fact]
    public void Change10_StJosephRulesApplyToAPersonWhoseStatusIsInQuestion()
    {
        // An uncharged motorist, status not in question: no ICE duty (v1: CONTACT_ICE REQUIRED,
        // and CONTACT_ICE_NOW on every arrest card).
        var call = Decide(StJoseph, Action.ContactIce, Contact.TrafficStop, Role.Suspect);
        Assert.NotEqual(Outcome.Required, call.Outcome);
        Assert.Equal(Outcome.NotAddressed, call.Outcome);
        var arrest = Decide(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect);
        Assert.DoesNotContain(arrest.Obligations, o => o.Code == Obligation.ContactIceNow);
        Assert.Equal(Outcome.NotAddressed, arrest.Outcome);
        Assert.Empty(arrest.Obligations);

        // Nor a charged one (v1: PERMITTED + NOTIFY_ICE_ASAP), nor an ICE check.
        var charged = Decide(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StateCharge);
        Assert.Equal(Outcome.NotAddressed, charged.Outcome);
        Assert.Empty(charged.Obligations);
        Assert.Equal(Outcome.NotAddressed, Decide(StJoseph, Action.VerifyStatus, Contact.TrafficStop, Role.Suspect).Outcome);

        // STATUS_IN_QUESTION may not be listed as unknown.
        var unknown = Encounter(StJoseph, Action.ContactIce, Contact.TrafficStop, Role.Suspect);
        unknown.UnknownFacts.Add(Fact.StatusInQuestion);
        var invalid = Wire.RequestReader.ReadEncounter(unknown, Now, out _);
        Assert.NotNull(invalid);
        Assert.Equal((Wire.RequestErrorKind.InvalidArgument, "unknown_facts"), (invalid.Kind, invalid.Field));

        // A warrant, detainer or crime in progress is a basis to hold: no "release" beside it.
        foreach (var basis in new[] { Fact.CriminalWarrant, Fact.ImmigrationWarrant, Fact.IceDetainer, Fact.CrimeInProgress })
        {
            var detain = Decide(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion, basis);
            Assert.Equal(Outcome.Permitted, detain.Outcome);
            Assert.DoesNotContain(detain.Obligations, o => o.Code is Obligation.ReleaseIfNoTimelyResponse or Obligation.ContactIceNow);
            var hold = Decide(StJoseph, Action.HonorDetainer, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion, basis);
            Assert.DoesNotContain(hold.Obligations, o => o.Code is Obligation.ReleaseIfNoTimelyResponse or Obligation.ContactIceNow);
        }

        // With status in question and no basis: contact ICE now, release if no timely answer.
        var noBasis = Decide(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion);
        Assert.Equal(Outcome.Prohibited, noBasis.Outcome);
        Assert.Equal([Obligation.ContactIceNow, Obligation.ReleaseIfNoTimelyResponse], Codes(noBasis));

        // Never CONTACT_ICE_NOW where Rodriguez forbids the call.
        var prolonged = Decide(StJoseph, Action.DetainOrArrest, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion, Fact.WouldExtendContact);
        Assert.Equal([Obligation.ReleaseIfNoTimelyResponse], Codes(prolonged));
        var prolongedCall = Decide(StJoseph, Action.ContactIce, Contact.TrafficStop, Role.Suspect, Fact.StatusInQuestion, Fact.WouldExtendContact);
        Assert.Equal(Outcome.Prohibited, prolongedCall.Outcome);
        Assert.Equal(Effect.Determining, CitationOf(prolongedCall, Rodriguez)!.Effect);

        // Nor for a protected victim or witness.
        foreach (var role in new[] { Role.Victim, Role.Witness })
        {
            var witness = Decide(StJoseph, Action.DetainOrArrest, Contact.CallForService, role, Fact.StatusInQuestion);
            Assert.Empty(witness.Obligations);
            Assert.Equal(Outcome.Prohibited, Decide(StJoseph, Action.ContactIce, Contact.CallForService, role, Fact.StatusInQuestion).Outcome);
        }

        // A victim whose identity is unknown is not protected from an ICE identity query (II.A.1, "may often be necessary").
        var unidentified = Decide(StJoseph, Action.ContactIce, Contact.CallForService, Role.Victim, Fact.StatusInQuestion, Fact.IdentityUnknown);
        Assert.Equal(Outcome.Required, unidentified.Outcome);
        Assert.Equal("II.B.5", CitationOf(unidentified, So0801)!.Section);
        var check = Decide(StJoseph, Action.VerifyStatus, Contact.CallForService, Role.Witness, Fact.StatusInQuestion, Fact.IdentityUnknown);
        Assert.Equal(Outcome.Permitted, check.Outcome);
        Assert.Equal([Obligation.StatusCheckViaCommunications], Codes(check));
    }

    [Fact]
    public void Change11_AnUnlistedCrimeIsVisaUnlistedNeverVisaNone()
    {
        var request = Encounter(StJoseph, Action.CertifyVisa, Contact.Investigation, Role.Victim);
        request.Crime = Crime.OtherCrime;
        var unlisted = Decide(request);
        Assert.Equal(Visa.Unlisted, unlisted.Visa); // v1: VISA_NONE
        Assert.Equal(Outcome.Required, unlisted.Outcome); // forward it anyway: the Detective Division decides
        Assert.Equal([Obligation.ForwardToDetectives, Obligation.DocumentDecision], Codes(unlisted));

        var expected = new Dictionary<Crime, Visa>
        {
            [Crime.DomesticViolence] = Visa.U,
            [Crime.SexualAssault] = Visa.U,
            [Crime.FelonyAssault] = Visa.U,
            [Crime.Stalking] = Visa.U,
            [Crime.Murder] = Visa.U,
            [Crime.HumanTrafficking] = Visa.T,
            [Crime.OtherCrime] = Visa.Unlisted,
        };
        foreach (var jurisdiction in CompiledPolicies.Snapshot.JurisdictionIds)
        {
            foreach (var (crime, visa) in expected)
            {
                var any = Encounter(jurisdiction, Action.CertifyVisa, Contact.CallForService, Role.Victim);
                any.Crime = crime;
                Assert.Equal(visa, Decide(any).Visa);
            }
        }
    }

    [Fact]
    public void Change12_StatusCheckHasNoDeadlineAndResidentNoticeRuns48Hours()
    {
        var check = Decide(StJoseph, Action.VerifyStatus, Contact.Booking, Role.Arrestee);
        var status = Assert.Single(check.Obligations);
        Assert.Equal((Obligation.StatusCheckViaCommunications, Actor.CommunicationsCenter), (status.Code, status.Actor));
        Assert.Null(status.Deadline); // v1: 1 h

        var notice = Assert.Single(Decide(RoelandPark, Request.PlannedOperation).Obligations);
        Assert.Equal((Obligation.NotifyResidents, Actor.Agency), (notice.Code, notice.Actor));
        Assert.Equal(TimeSpan.FromHours(48), notice.Deadline.ToTimeSpan());
    }

    [Fact]
    public void Change13_Usc1373CoversStatusOnlyAndOverridesAnApprovalStepAsWellAsAProhibition()
    {
        // Overrides RPPD III.g's approval step (v1: APPROVAL_REQUIRED).
        var approval = Decide(RoelandPark, Request.StatusInformation, Fact.CriminalActivity);
        Assert.Equal(Outcome.Permitted, approval.Outcome);
        Assert.Equal((Outcome.ApprovalRequired, Effect.Overridden), (CitationOf(approval, Directive)!.Outcome, CitationOf(approval, Directive)!.Effect));
        Assert.Equal(Effect.Determining, CitationOf(approval, Usc1373)!.Effect);
        Assert.Empty(approval.Obligations);

        // And III.e's prohibition.
        var prohibition = Decide(RoelandPark, Request.StatusInformation);
        Assert.Equal(Outcome.Permitted, prohibition.Outcome);
        Assert.Equal((Outcome.Prohibited, Effect.Overridden), (CitationOf(prohibition, Directive)!.Outcome, CitationOf(prohibition, Directive)!.Effect));

        // Status information only: release dates and the rest are not covered.
        var release = Decide(RoelandPark, Request.ReleaseNotification);
        Assert.Equal(Outcome.Prohibited, release.Outcome);
        Assert.Null(CitationOf(release, Usc1373));
        foreach (var request in new[] { Request.Detainer, Request.ReleaseNotification, Request.EnforcementAssistance, Request.CriminalInvestigation, Request.PlannedOperation })
        {
            Assert.Equal(Outcome.NotAddressed, Decide(Federal, request).Outcome);
        }
    }

    [Fact]
    public void Change14_EditorialWordsAreEditorialAndReadNoFurtherThanTheyGo()
    {
        (string Jurisdiction, string Source)[] agencies =
        [
            (KansasCityMo, "kcpd/statement-2017"), (OverlandPark, "oppd/statement-2017"),
            (KansasCityKs, "kckpd/statement-2017"), (Independence, "ipd/statement-2017"),
        ];
        foreach (var (jurisdiction, source) in agencies)
        {
            // A hold only on a warrant or court order (v1: every request PERMITTED).
            foreach (var warrant in new[] { Fact.CriminalWarrant, Fact.CourtOrder })
            {
                var hold = Decide(jurisdiction, Request.Detainer, warrant);
                Assert.Equal(Outcome.Permitted, hold.Outcome);
                Assert.Equal(Provenance.Editorial, CitationOf(hold, source)!.Provenance);
            }

            Assert.Null(CitationOf(Decide(jurisdiction, Request.Detainer, Fact.ImmigrationWarrant), source));
            Assert.Null(CitationOf(Decide(jurisdiction, Request.Detainer, Fact.PublicSafetyThreat, Fact.CriminalActivity), source));

            // Assist ICE when the request is not about status alone.
            var assist = Decide(jurisdiction, Request.EnforcementAssistance, Fact.CriminalActivity);
            Assert.Equal(Outcome.Permitted, assist.Outcome);
            Assert.Equal(Provenance.Editorial, CitationOf(assist, source)!.Provenance);
            Assert.Equal(Provenance.Editorial, CitationOf(Decide(jurisdiction, Request.CriminalInvestigation), source)!.Provenance);
            Assert.Null(CitationOf(Decide(jurisdiction, Request.EnforcementAssistance, Fact.ImmigrationWarrant, Fact.SupervisorApproval), source));
            Assert.Null(CitationOf(Decide(jurisdiction, Request.PlannedOperation), source));
        }

        // The agencies' own words as the press reported them are PRESS_STATEMENT.
        var stop = Decide(KansasCityMo, Action.StopForStatus, Contact.PedestrianStop, Role.Other);
        Assert.Equal(Provenance.PressStatement, CitationOf(stop, "kcpd/statement-2017")!.Provenance);
    }

    [Fact]
    public void Change15_NewOnTheWire_ActorProvenanceWhatIfVisaUnlisted_AndArrestNoLongerPresumesStatusInQuestion()
    {
        // St. Joseph, a pedestrian whose status is in question, nothing else: II.B.4 PROHIBITED.
        var request = Encounter(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect, Fact.StatusInQuestion, Fact.ForeignNational);
        request.IncludeWhatIf = true;
        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
        var wire = Decision.Parser.ParseFrom(decision.ToMessage("d").ToByteString());

        Assert.Equal(Outcome.Prohibited, wire.Outcome);
        Assert.Equal(
            [(Obligation.ContactIceNow, Actor.Officer), (Obligation.ReleaseIfNoTimelyResponse, Actor.Officer)],
            wire.Obligations.Select(o => (o.Code, o.Actor)).OrderBy(o => o.Code));
        Assert.Equal([(So0801, Provenance.OfficialText)], wire.Citations.Select(c => (c.Source, c.Provenance)));
        Assert.Equal(
            [
                (Fact.StateCharge, true, Outcome.Permitted),
                (Fact.OrdinanceViolation, true, Outcome.Permitted),
                (Fact.CriminalWarrant, true, Outcome.Permitted),
                (Fact.ImmigrationWarrant, true, Outcome.Permitted),
                (Fact.IceDetainer, true, Outcome.Permitted),
                (Fact.CrimeInProgress, true, Outcome.Permitted),
                (Fact.StatusInQuestion, false, Outcome.NotAddressed),
            ],
            wire.WhatIf.Select(w => (w.Fact, w.BecomesTrue, w.Outcome)));

        // VISA_UNLISTED on the wire.
        var visaRequest = Encounter(StJoseph, Action.CertifyVisa, Contact.Investigation, Role.Victim);
        visaRequest.Crime = Crime.OtherCrime;
        var visa = CompiledPolicies.Snapshot.CheckEncounter(visaRequest, Now);
        Assert.Equal(Visa.Unlisted, Decision.Parser.ParseFrom(visa.ToMessage().ToByteString()).Visa);

        // Provenance on every listed source.
        Assert.All(CompiledPolicies.Snapshot.ToListJurisdictionsResponse().Jurisdictions.SelectMany(j => j.Sources), s => Assert.NotEqual(Provenance.Unspecified, s.Provenance));

        // DETAIN_OR_ARREST no longer presumes status is in question.
        var presumed = Decide(StJoseph, Action.DetainOrArrest, Contact.PedestrianStop, Role.Suspect);
        Assert.Equal(Outcome.NotAddressed, presumed.Outcome);
        Assert.Empty(presumed.Obligations);
    }

    private static CooperationRequest At(CooperationRequest request, DateTime asOf)
    {
        request.AsOf = Timestamp.FromDateTime(asOf);
        return request;
    }
}
