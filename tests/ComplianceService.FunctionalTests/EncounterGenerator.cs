using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ComplianceService.FunctionalTests;

/// <summary>Random valid encounters (without an action), seeded so a failure reproduces.</summary>
internal sealed class EncounterGenerator(Random random, ListJurisdictionsResponse listing)
{
    /// <summary>Facts an encounter may carry: every fact but the cooperation-only CRIMINAL_ACTIVITY.</summary>
    private static readonly Fact[] EncounterFacts =
        [.. System.Enum.GetValues<Fact>().Where(f => f is not Fact.Unspecified and not Fact.CriminalActivity)];

    private readonly string[] _jurisdictions = [.. listing.Jurisdictions.Select(j => j.Id)];

    /// <summary>Every effective date of the served sources, from the server's own listing.</summary>
    private readonly DateTime[] _effectiveDates =
    [
        .. listing.Jurisdictions.SelectMany(j => j.Sources).Where(s => s.Effective is not null)
            .Select(s => s.Effective.ToDateTime()).Distinct().Order(),
    ];

    public EncounterRequest Next(string incidentId)
    {
        var request = new EncounterRequest
        {
            Jurisdiction = _jurisdictions[random.Next(_jurisdictions.Length)],
            Contact = (Contact)random.Next(1, 6),
            Role = (Role)random.Next(1, 6),
            Crime = (Crime)random.Next(0, 8),
            AsOf = AsOf(),
            IncidentId = incidentId,
        };
        var unknownCount = random.Next(0, 3);
        var probability = random.NextDouble() * 0.5;
        foreach (var fact in EncounterFacts.OrderBy(_ => random.Next()))
        {
            if (request.UnknownFacts.Count < unknownCount && fact != Fact.StatusInQuestion)
            {
                request.UnknownFacts.Add(fact);
            }
            else if (random.NextDouble() < probability)
            {
                request.Facts.Add(fact);
            }
        }

        return request;
    }

    private Timestamp? AsOf()
    {
        switch (random.Next(3))
        {
            case 0:
                return null;
            case 1:
                var date = _effectiveDates[random.Next(_effectiveDates.Length)];
                return Timestamp.FromDateTime(date.AddSeconds(random.Next(-2, 2)));
            default:
                var from = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                var ticks = from.Ticks + (long)(random.NextDouble() * (DateTime.UtcNow.Ticks - from.Ticks));
                return Timestamp.FromDateTime(new DateTime(ticks - (ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc));
        }
    }
}
