using BenchmarkDotNet.Attributes;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Testing;
using ComplianceService.Wire;
using Google.Protobuf;

namespace ComplianceService.Benchmarks;

/// <summary>
/// The server's own work for one CheckEncounter, stage by stage, without the network: parse the
/// request bytes, read the request into a query (the adapter's validation), decide, and build the
/// <c>Decision</c> message and serialize it (what the generated service does).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CheckEncounterPathBenchmarks
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly byte[] _reply = new byte[16 * 1024];
    private byte[] _requestBytes = [];
    private EncounterRequest _request = null!;
    private PolicySnapshot _snapshot = null!;
    private EncounterQuery _query;

    [GlobalSetup]
    public void Setup()
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies);
        _snapshot = PolicySnapshot.Load(compilation.Verified!);
        _request = BenchmarkEncounter.Request();
        _requestBytes = _request.ToByteArray();
        _query = SnapshotChecks.EncounterQuery(_request, Now);
    }

    /// <summary>Parsing the request message (protobuf; allocates the message).</summary>
    [Benchmark]
    public EncounterRequest ParseRequest() => EncounterRequest.Parser.ParseFrom(_requestBytes);

    /// <summary>Reading the request into a query: every field validated.</summary>
    [Benchmark]
    public bool ReadRequest() => RequestReader.ReadEncounter(_request, Now, out _) is null;

    /// <summary>Deciding the query from the tables.</summary>
    [Benchmark]
    public Outcome Decide() => _snapshot.CheckEncounter(_query).Outcome;

    /// <summary>Writing the reply as the generated service does: build the <c>Decision</c> message, then serialize it.</summary>
    [Benchmark]
    public int BuildAndSerializeReply()
    {
        var decision = _snapshot.CheckEncounter(_query).ToMessage(DecisionIds.Next().ToString(), _request.IncidentId);
        var size = decision.CalculateSize();
        decision.WriteTo(_reply.AsSpan(0, size));
        return size;
    }

    /// <summary>Parse, read, decide and serialize the built message: one call's work in the generated service.</summary>
    [Benchmark(Baseline = true)]
    public int ParseDecideBuildSerialize()
    {
        var request = EncounterRequest.Parser.ParseFrom(_requestBytes);
        _ = RequestReader.ReadEncounter(request, Now, out var query);
        var decision = _snapshot.CheckEncounter(query).ToMessage(DecisionIds.Next().ToString(), request.IncidentId);
        var size = decision.CalculateSize();
        decision.WriteTo(_reply.AsSpan(0, size));
        return size;
    }
}
