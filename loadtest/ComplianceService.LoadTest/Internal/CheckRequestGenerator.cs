using System.Globalization;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.LoadTest.Internal;

/// <summary>Builds valid encounter and cooperation checks (DOMAIN.md vocabulary) from a seed.</summary>
internal sealed class CheckRequestGenerator
{
    /// <summary>Every fact but CRIMINAL_ACTIVITY belongs to an encounter.</summary>
    internal static readonly Fact[] EncounterFacts =
        [.. System.Enum.GetValues<Fact>().Where(f => f is not Fact.Unspecified and not Fact.CriminalActivity)];

    /// <summary>Facts an encounter may list as unknown: STATUS_IN_QUESTION is the officer's own reason and may not be.</summary>
    private static readonly Fact[] UnknownEncounterFacts = [.. EncounterFacts.Where(f => f != Fact.StatusInQuestion)];

    /// <summary>The basis facts of a cooperation request.</summary>
    internal static readonly Fact[] CooperationFacts =
    [
        Fact.CriminalWarrant, Fact.ImmigrationWarrant, Fact.CourtOrder, Fact.StatuteRequires,
        Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.CriminalActivity, Fact.SupervisorApproval,
    ];

    internal static readonly Action[] Actions = Enumerable.Range(1, 9).Select(i => (Action)i).ToArray();

    internal static readonly Request[] Requests = Enumerable.Range(1, 6).Select(i => (Request)i).ToArray();

    private static readonly Contact[] Contacts = Enumerable.Range(1, 5).Select(i => (Contact)i).ToArray();
    private static readonly Role[] Roles = Enumerable.Range(1, 5).Select(i => (Role)i).ToArray();
    private static readonly Crime[] Crimes = Enumerable.Range(1, 7).Select(i => (Crime)i).ToArray();
    private static readonly Agency[] Agencies = [Agency.Ice, Agency.Ice, Agency.Ice, Agency.Cbp, Agency.OtherFederal];

    // Before the Roeland Park ordinance took effect (2020-12-21): re-checking a past decision.
    private static readonly Timestamp PastDate = Timestamp.FromDateTime(new DateTime(2019, 6, 1, 12, 0, 0, DateTimeKind.Utc));

    private readonly Random random;
    private readonly IReadOnlyList<string> jurisdictions;
    private int serial;

    public CheckRequestGenerator(int seed, IReadOnlyList<string> jurisdictions)
    {
        random = new Random(seed);
        this.jurisdictions = jurisdictions;
    }

    public List<IMessage> Generate(MixKind kind, int size)
    {
        var messages = new List<IMessage>(Math.Max(size, 128));
        if (kind is MixKind.Encounter or MixKind.Mixed)
        {
            foreach (var jurisdiction in jurisdictions)
            {
                foreach (var action in Actions)
                {
                    messages.Add(Encounter(jurisdiction, action));
                }
            }
        }

        if (kind is MixKind.Cooperation or MixKind.Mixed)
        {
            foreach (var jurisdiction in jurisdictions)
            {
                foreach (var request in Requests)
                {
                    messages.Add(Cooperation(jurisdiction, request));
                }
            }
        }

        while (messages.Count < size)
        {
            var jurisdiction = Pick(jurisdictions);
            var encounter = kind == MixKind.Encounter || (kind == MixKind.Mixed && random.Next(4) != 0);
            messages.Add(encounter ? Encounter(jurisdiction, Pick(Actions)) : Cooperation(jurisdiction, Pick(Requests)));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(messages));
        return messages;
    }

    private EncounterRequest Encounter(string jurisdiction, Action action)
    {
        var request = new EncounterRequest
        {
            Jurisdiction = jurisdiction,
            Action = action,
            Contact = Pick(Contacts),
            Role = Pick(Roles),
            IncidentId = NextIncidentId(),
        };
        if (action == Action.CertifyVisa || random.Next(4) == 0)
        {
            request.Crime = Pick(Crimes);
        }

        var known = PickFacts(EncounterFacts, KnownFactCount(), exclude: null);
        request.Facts.Add(known);
        if (random.Next(4) == 0)
        {
            request.UnknownFacts.Add(PickFacts(UnknownEncounterFacts, UnknownFactCount(), exclude: known));
        }

        if (random.Next(10) == 0)
        {
            request.AsOf = PastDate;
        }

        return request;
    }

    private CooperationRequest Cooperation(string jurisdiction, Request kind)
    {
        var request = new CooperationRequest
        {
            Jurisdiction = jurisdiction,
            Request = kind,
            Agency = Pick(Agencies),
            IncidentId = NextIncidentId(),
        };
        var known = PickFacts(CooperationFacts, Math.Min(KnownFactCount(), 3), exclude: null);
        request.Basis.Add(known);
        if (random.Next(4) == 0)
        {
            request.UnknownFacts.Add(PickFacts(CooperationFacts, UnknownFactCount(), exclude: known));
        }

        if (random.Next(10) == 0)
        {
            request.AsOf = PastDate;
        }

        return request;
    }

    // 0 facts 25 %, 1: 30 %, 2: 25 %, 3: 12 %, 4: 8 %.
    private int KnownFactCount()
    {
        var roll = random.Next(100);
        return roll < 25 ? 0 : roll < 55 ? 1 : roll < 80 ? 2 : roll < 92 ? 3 : 4;
    }

    // 1 unknown fact 50 %, 2: 25 %, 3: 15 %, 4: 10 % (the service accepts at most 4).
    private int UnknownFactCount()
    {
        var roll = random.Next(100);
        return roll < 50 ? 1 : roll < 75 ? 2 : roll < 90 ? 3 : 4;
    }

    private Fact[] PickFacts(Fact[] from, int count, Fact[]? exclude)
    {
        var candidates = exclude is null ? (Fact[])from.Clone() : from.Except(exclude).ToArray();
        random.Shuffle(candidates);
        var picked = candidates.AsSpan(0, Math.Min(count, candidates.Length)).ToArray();
        Array.Sort(picked);
        return picked;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string NextIncidentId() => "LT-" + (serial++).ToString("D6", CultureInfo.InvariantCulture);
}
