using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Testing;

/// <summary>Random valid requests over every jurisdiction, action/request, input (every fact of
/// the request's kind, version 2's included) and an as_of around every effective date of the
/// policies, a quarter of them asking for what-if (seeded, so failures reproduce).
/// STATUS_IN_QUESTION is never unknown: DOMAIN.md makes that INVALID_ARGUMENT.</summary>
public sealed class RequestGenerator(int seed)
{
    /// <summary>The facts of an encounter (every fact but CRIMINAL_ACTIVITY), in Fact order.</summary>
    public static readonly Fact[] EncounterFacts = [.. Enumerable.Range(1, 22).Select(n => (Fact)n).Where(f => f != Fact.CriminalActivity)];

    /// <summary>The basis facts of a cooperation request (DOMAIN.md), in Fact order.</summary>
    public static readonly Fact[] BasisFacts =
    [
        Fact.CriminalWarrant, Fact.ImmigrationWarrant, Fact.CourtOrder, Fact.StatuteRequires,
        Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.SupervisorApproval, Fact.CriminalActivity,
    ];

    private static readonly DateTime[] EffectiveDates =
    [
        new(1969, 12, 24), new(1996, 9, 30), new(2008, 8, 28), new(2008, 12, 15), new(2015, 4, 21), new(2017, 2, 25), new(2020, 12, 21),
    ];

    private readonly Random _random = new(seed);

    /// <summary>The clock the tests decide at.</summary>
    public static DateTime Now { get; } = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A random valid encounter request.</summary>
    public EncounterRequest Encounter(IReadOnlyList<string> jurisdictions, int maxUnknown, bool withAction = true)
    {
        var request = new EncounterRequest
        {
            Jurisdiction = jurisdictions[_random.Next(jurisdictions.Count)],
            Action = withAction ? (Action)_random.Next(1, 10) : Action.Unspecified,
            Contact = (Contact)_random.Next(1, 6),
            Role = (Role)_random.Next(1, 6),
            Crime = (Crime)_random.Next(0, 8),
            AsOf = AsOf(),
            IncidentId = "inc-" + _random.Next(1000),
            IncludeWhatIf = _random.Next(4) == 0,
        };
        if (request.Action == Action.CertifyVisa && request.Crime == Crime.Unspecified)
        {
            request.Crime = Crime.Stalking;
        }

        Facts(EncounterFacts, request.Facts, request.UnknownFacts, maxUnknown);
        return request;
    }

    /// <summary>A random valid cooperation request.</summary>
    public CooperationRequest Cooperation(IReadOnlyList<string> jurisdictions, int maxUnknown)
    {
        var request = new CooperationRequest
        {
            Jurisdiction = jurisdictions[_random.Next(jurisdictions.Count)],
            Request = (Request)_random.Next(1, 7),
            Agency = (Agency)_random.Next(1, 4),
            AsOf = AsOf(),
            IncludeWhatIf = _random.Next(4) == 0,
        };
        Facts(BasisFacts, request.Basis, request.UnknownFacts, maxUnknown);
        return request;
    }

    private void Facts(Fact[] pool, ICollection<Fact> known, ICollection<Fact> unknown, int maxUnknown)
    {
        var unknownCount = maxUnknown == 0 ? 0 : _random.Next(0, maxUnknown + 1);
        var probability = _random.NextDouble() * 0.5;
        foreach (var fact in pool.OrderBy(_ => _random.Next()))
        {
            if (unknown.Count < unknownCount && fact != Fact.StatusInQuestion)
            {
                unknown.Add(fact);
            }
            else if (_random.NextDouble() < probability)
            {
                known.Add(fact);
            }
        }
    }

    private Timestamp? AsOf()
    {
        switch (_random.Next(4))
        {
            case 0:
                return null;
            case 1:
                var date = EffectiveDates[_random.Next(EffectiveDates.Length)];
                return Timestamp.FromDateTime(DateTime.SpecifyKind(date.AddSeconds(_random.Next(-2, 2)), DateTimeKind.Utc));
            default:
                var ticks = new DateTime(1900, 1, 1).Ticks + (long)(_random.NextDouble() * (Now.Ticks - new DateTime(1900, 1, 1).Ticks));
                return Timestamp.FromDateTime(new DateTime(ticks - (ticks % 10), DateTimeKind.Utc));
        }
    }
}
