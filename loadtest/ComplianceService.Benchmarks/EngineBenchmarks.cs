using BenchmarkDotNet.Attributes;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Testing;
using ComplianceService.Wire;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Benchmarks;

/// <summary>
/// The policy engine on its own: decisions from validated queries over a realistic mix (every
/// jurisdiction, every action and request, random facts, some dated), the unknown-facts path and
/// what-if. The requests are read
/// into queries once, in setup (reading is the adapter's, measured in
/// <see cref="CheckEncounterPathBenchmarks"/>). Results are per decision (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EngineBenchmarks
{
    private const int MixSize = 1024;
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly EncounterRequest[] _encounters = new EncounterRequest[MixSize];
    private readonly CooperationRequest[] _cooperation = new CooperationRequest[MixSize / 4];
    private readonly EncounterRequest[] _unknown = new EncounterRequest[MixSize / 4];
    private readonly EncounterRequest[] _whatIf = new EncounterRequest[MixSize];
    private readonly EncounterRequest[] _whatIfUnknown = new EncounterRequest[MixSize / 4];
    private PolicySnapshot _snapshot = null!;
    private EncounterQuery[] _encounterQueries = [];
    private CooperationQuery[] _cooperationQueries = [];
    private EncounterQuery[] _unknownQueries = [];
    private EncounterQuery[] _whatIfQueries = [];
    private EncounterQuery[] _whatIfUnknownQueries = [];

    [GlobalSetup]
    public void Setup()
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies);
        if (!compilation.Succeeded)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, compilation.Diagnostics));
        }

        _snapshot = PolicySnapshot.Load(compilation.Verified!);
        var jurisdictions = _snapshot.JurisdictionIds;
        var random = new Random(42);
        for (var i = 0; i < _encounters.Length; i++)
        {
            _encounters[i] = Encounter(random, jurisdictions[i % jurisdictions.Length], (Action)(1 + (i % 9)));
        }

        for (var i = 0; i < _cooperation.Length; i++)
        {
            _cooperation[i] = new CooperationRequest
            {
                Jurisdiction = jurisdictions[random.Next(jurisdictions.Length)],
                Request = (Request)(1 + (i % 6)),
                Agency = Agency.Ice,
                Basis = { random.Next(3) == 0 ? Fact.CriminalWarrant : Fact.CriminalActivity },
            };
        }

        for (var i = 0; i < _unknown.Length; i++)
        {
            _unknown[i] = Encounter(random, jurisdictions[random.Next(jurisdictions.Length)], (Action)(1 + (i % 9)));
            _unknown[i].Facts.Remove(Fact.SupervisorApproval);
            _unknown[i].Facts.Remove(Fact.StatusPertinent);
            _unknown[i].UnknownFacts.Add([Fact.SupervisorApproval, Fact.StatusPertinent]);
        }

        // The same requests asking what would change the answer (DOMAIN.md "include_what_if").
        for (var i = 0; i < _whatIf.Length; i++)
        {
            _whatIf[i] = _encounters[i].Clone();
            _whatIf[i].IncludeWhatIf = true;
        }

        for (var i = 0; i < _whatIfUnknown.Length; i++)
        {
            _whatIfUnknown[i] = _unknown[i].Clone();
            _whatIfUnknown[i].IncludeWhatIf = true;
        }

        _encounterQueries = [.. _encounters.Select(r => SnapshotChecks.EncounterQuery(r, Now))];
        _cooperationQueries = [.. _cooperation.Select(r => SnapshotChecks.CooperationQuery(r, Now))];
        _unknownQueries = [.. _unknown.Select(r => SnapshotChecks.EncounterQuery(r, Now))];
        _whatIfQueries = [.. _whatIf.Select(r => SnapshotChecks.EncounterQuery(r, Now))];
        _whatIfUnknownQueries = [.. _whatIfUnknown.Select(r => SnapshotChecks.EncounterQuery(r, Now))];
    }

    /// <summary>CheckEncounter over the mix, per decision.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public Outcome CheckEncounter()
    {
        var last = Outcome.Unspecified;
        foreach (var query in _encounterQueries)
        {
            last = _snapshot.CheckEncounter(query).Outcome;
        }

        return last;
    }

    /// <summary>The CheckEncounter mix read from the request messages by the adapter, then decided:
    /// the work the engine's CheckEncounter did before it took queries.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public Outcome ReadAndCheckEncounter()
    {
        var last = Outcome.Unspecified;
        foreach (var request in _encounters)
        {
            _ = RequestReader.ReadEncounter(request, Now, out var query);
            last = _snapshot.CheckEncounter(query).Outcome;
        }

        return last;
    }

    /// <summary>CheckCooperationRequest over the mix, per decision.</summary>
    [Benchmark(OperationsPerInvoke = MixSize / 4)]
    public Outcome CheckCooperationRequest()
    {
        var last = Outcome.Unspecified;
        foreach (var query in _cooperationQueries)
        {
            last = _snapshot.CheckCooperationRequest(query).Outcome;
        }

        return last;
    }

    /// <summary>Two unknown facts (four assignments), per decision.</summary>
    [Benchmark(OperationsPerInvoke = MixSize / 4)]
    public Outcome CheckEncounterWithUnknownFacts()
    {
        var last = Outcome.Unspecified;
        foreach (var query in _unknownQueries)
        {
            last = _snapshot.CheckEncounter(query).Outcome;
        }

        return last;
    }

    /// <summary>The CheckEncounter mix with include_what_if, per decision.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public Outcome CheckEncounterWithWhatIf()
    {
        var last = Outcome.Unspecified;
        foreach (var query in _whatIfQueries)
        {
            last = _snapshot.CheckEncounter(query).Outcome;
        }

        return last;
    }

    /// <summary>Two unknown facts and include_what_if, per decision.</summary>
    [Benchmark(OperationsPerInvoke = MixSize / 4)]
    public Outcome CheckEncounterWithUnknownFactsAndWhatIf()
    {
        var last = Outcome.Unspecified;
        foreach (var query in _whatIfUnknownQueries)
        {
            last = _snapshot.CheckEncounter(query).Outcome;
        }

        return last;
    }

    private static EncounterRequest Encounter(Random random, string jurisdiction, Action action)
    {
        var request = new EncounterRequest
        {
            Jurisdiction = jurisdiction,
            Action = action,
            Contact = (Contact)random.Next(1, 6),
            Role = (Role)random.Next(1, 6),
            Crime = action == Action.CertifyVisa ? (Crime)random.Next(1, 8) : Crime.Unspecified,
            AsOf = random.Next(8) == 0 ? Timestamp.FromDateTime(new DateTime(2019, 6, 1, 0, 0, 0, DateTimeKind.Utc)) : null,
            IncidentId = "incident-" + random.Next(1000),
        };
        for (var fact = 1; fact <= 22; fact++)
        {
            if (fact != (int)Fact.CriminalActivity && random.Next(6) == 0)
            {
                request.Facts.Add((Fact)fact);
            }
        }

        return request;
    }
}
