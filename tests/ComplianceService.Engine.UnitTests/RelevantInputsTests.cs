using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Analysis;
using RelevantInputs = ComplianceService.Engine.Analysis.RelevantInputs;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The relevant inputs a snapshot serves (<see cref="JurisdictionDescription.RelevantInputs"/>), asserted for three
/// jurisdictions from their rules in DOMAIN.md and the policy files, worked out by hand (the reasoning is in each test).
/// </summary>
public sealed class RelevantInputsTests
{
    [Fact]
    public void Roeland_Park_status_questions_depend_on_pertinence_extension_suspicion_and_a_stop_only()
    {
        // rp/directive III.b: PERMITTED when STATUS_PERTINENT, else PROHIBITED. Rodriguez (federal, from 2015-04-21):
        // PROHIBITED when the contact is a traffic or pedestrian stop the question WOULD_EXTEND, unless REASONABLE_SUSPICION
        // and (STATUS_PERTINENT or IDENTITY_UNKNOWN). Without pertinence the directive already prohibits, so IDENTITY_UNKNOWN
        // never changes the outcome; no obligation comes with either.
        var inquire = Relevant(Jurisdictions.RoelandPark, Action.InquireStatus);
        Assert.Equal<Fact>([Fact.StatusPertinent, Fact.ReasonableSuspicion, Fact.WouldExtendContact], inquire.Facts);
        Assert.Equal<Contact>([Contact.TrafficStop, Contact.PedestrianStop], inquire.Contacts);
        Assert.Empty(inquire.Roles);
        Assert.Empty(inquire.Crimes);

        // III.c, III.f, III.a: PERMITTED on an arrest basis (STATE_CHARGE, ORDINANCE_VIOLATION, CRIMINAL_WARRANT, COURT_ORDER,
        // CRIME_IN_PROGRESS) or REASONABLE_SUSPICION; on STATUTE_REQUIRES or PUBLIC_SAFETY_THREAT, APPROVAL_REQUIRED unless
        // SUPERVISOR_APPROVAL; else PROHIBITED. VCCR art. 36 attaches INFORM_CONSULAR_RIGHTS for a FOREIGN_NATIONAL and
        // NOTIFY_CONSULATE when consular notice is due (CONSULAR_NOTIFICATION_REQUESTED or MANDATORY_NOTIFICATION_COUNTRY),
        // wherever the arrest may go ahead: those facts change the obligations.
        var arrest = Relevant(Jurisdictions.RoelandPark, Action.DetainOrArrest);
        Assert.Equal<Fact>([
                Fact.StateCharge, Fact.OrdinanceViolation, Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires,
                Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.ReasonableSuspicion, Fact.ForeignNational,
                Fact.SupervisorApproval, Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry,
            ],
            arrest.Facts);
        Assert.Empty(arrest.Contacts);
        Assert.Empty(arrest.Roles);
    }

    [Fact]
    public void Bozeman_asks_nothing_for_status_questions_and_only_the_consular_facts_for_an_arrest()
    {
        // bpd/statement prohibits INQUIRE_STATUS outright; Rodriguez only ever prohibits too: nothing can change it.
        var inquire = Relevant(Jurisdictions.Bozeman, Action.InquireStatus);
        Assert.Empty(inquire.Facts);
        Assert.Empty(inquire.Contacts);
        Assert.Empty(inquire.Roles);
        Assert.Empty(inquire.Crimes);

        // Nothing decides an arrest in Bozeman's chain (NOT_ADDRESSED), but the VCCR duties attach: FOREIGN_NATIONAL brings
        // INFORM_CONSULAR_RIGHTS; with CONSULAR_NOTIFICATION_REQUESTED or MANDATORY_NOTIFICATION_COUNTRY, NOTIFY_CONSULATE.
        var arrest = Relevant(Jurisdictions.Bozeman, Action.DetainOrArrest);
        Assert.Equal<Fact>([Fact.ForeignNational, Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry], arrest.Facts);
        Assert.Empty(arrest.Contacts);

        // NOTIFY_CONSULATE: REQUIRED when DETAINED (contact BOOKING or role ARRESTEE) and notice is due, PERMITTED when
        // DETAINED and a foreign national, else NOT_ADDRESSED.
        var consulate = Relevant(Jurisdictions.Bozeman, Action.NotifyConsulate);
        Assert.Equal<Fact>([Fact.ForeignNational, Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry], consulate.Facts);
        Assert.Equal<Contact>([Contact.Booking], consulate.Contacts);
        Assert.Equal<Role>([Role.Arrestee], consulate.Roles);
        Assert.Empty(consulate.Crimes);

        // CERTIFY_VISA: nothing in the chain decides it, but the visa class is the crime's: U (five crimes), T
        // (HUMAN_TRAFFICKING), UNLISTED (OTHER_CRIME). The U crimes are the largest class; the other two are told apart.
        var visa = Relevant(Jurisdictions.Bozeman, Action.CertifyVisa);
        Assert.Empty(visa.Facts);
        Assert.Equal<Crime>([Crime.HumanTrafficking, Crime.OtherCrime], visa.Crimes);
    }

    [Fact]
    public void Overland_Park_relevance_covers_every_epoch_and_knows_the_forced_criminal_activity()
    {
        // INQUIRE_STATUS: from 2017-02-25 the OPPD statement decides by STATUS_PERTINENT as Roeland Park's directive does,
        // but between Rodriguez (2015-04-21) and then only Rodriguez speaks: on an extending stop with REASONABLE_SUSPICION
        // and no pertinence, IDENTITY_UNKNOWN turns PROHIBITED into NOT_ADDRESSED. So it counts here.
        var inquire = Relevant(Jurisdictions.OverlandPark, Action.InquireStatus);
        Assert.Equal<Fact>([Fact.StatusPertinent, Fact.ReasonableSuspicion, Fact.IdentityUnknown, Fact.WouldExtendContact], inquire.Facts);
        Assert.Equal<Contact>([Contact.TrafficStop, Contact.PedestrianStop], inquire.Contacts);

        // DETAINER: PERMITTED on CRIMINAL_WARRANT or COURT_ORDER (editorial ¶16), else nothing decides.
        Assert.Equal<Fact>([Fact.CriminalWarrant, Fact.CourtOrder], Relevant(Jurisdictions.OverlandPark, Request.Detainer).Facts);

        // RELEASE_NOTIFICATION: PERMITTED unless SOLELY_IMMIGRATION, i.e. on any of CRIMINAL_WARRANT, COURT_ORDER,
        // STATUTE_REQUIRES, PUBLIC_SAFETY_THREAT, CRIME_IN_PROGRESS, CRIMINAL_ACTIVITY.
        Assert.Equal<Fact>([Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires, Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.CriminalActivity],
            Relevant(Jurisdictions.OverlandPark, Request.ReleaseNotification).Facts);

        // CRIMINAL_INVESTIGATION carries CRIMINAL_ACTIVITY by itself, so it is never SOLELY_IMMIGRATION: nothing to ask.
        Assert.Empty(Relevant(Jurisdictions.OverlandPark, Request.CriminalInvestigation).Facts);

        // STATUS_INFORMATION: 8 U.S.C. 1373 permits it whatever the basis (NOT_ADDRESSED before 1996-09-30, whatever the
        // basis too): a change of date is no question to ask.
        Assert.Empty(Relevant(Jurisdictions.OverlandPark, Request.StatusInformation).Facts);
    }

    [Fact]
    public void Every_jurisdiction_lists_every_action_then_every_request_in_enum_order()
    {
        foreach (var jurisdiction in CompiledPolicies.Snapshot.Jurisdictions)
        {
            Assert.Equal(
                Enumerable.Range(1, 9).Select(a => ((Action)a, Request.Unspecified)).Concat(Enumerable.Range(1, 6).Select(r => (Action.Unspecified, (Request)r))),
                jurisdiction.RelevantInputs.Select(r => (r.Action, r.Request)));
        }
    }

    private static RelevantInputs Relevant(string jurisdiction, Action action) =>
        CompiledPolicies.Snapshot.Jurisdictions.Single(j => j.Id == jurisdiction).RelevantInputs.Single(r => r.Action == action);

    private static RelevantInputs Relevant(string jurisdiction, Request request) =>
        CompiledPolicies.Snapshot.Jurisdictions.Single(j => j.Id == jurisdiction).RelevantInputs.Single(r => r.Request == request);
}
