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
/// <c>Decision</c> message and serialize it: with the generated serializer (the baseline), and as the server does,
/// through <see cref="ServedPolicy"/>'s reply templates and <see cref="DecisionEncoding"/>.
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
    private ServedPolicy _served = null!;
    private EncounterQuery _query;

    [GlobalSetup]
    public void Setup()
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies);
        _snapshot = PolicySnapshot.Load(compilation.Verified!);
        _served = ServedPolicy.Create(_snapshot);
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

    /// <summary>Writing the reply as the server does: copy the reply template's fields and add the per-call ones, then
    /// write the template's bytes and the per-call fields (<see cref="DecisionEncoding"/>).</summary>
    [Benchmark]
    public int BuildAndEncodeReply()
    {
        _ = _served.CheckEncounter(_request, Now, out var decision);
        var size = DecisionEncoding.GetSize(decision!);
        DecisionEncoding.Write(decision!, _reply.AsSpan(0, size));
        return size;
    }

    /// <summary>Parse, then read, decide, build and encode the reply as the server does: one call's work in the
    /// service now.</summary>
    [Benchmark]
    public int ParseDecideBuildEncode()
    {
        var request = EncounterRequest.Parser.ParseFrom(_requestBytes);
        _ = _served.CheckEncounter(request, Now, out var decision);
        var size = DecisionEncoding.GetSize(decision!);
        DecisionEncoding.Write(decision!, _reply.AsSpan(0, size));
        return size;
    }

    /// <summary>Parse, read, decide and serialize the built message with the generated serializer.</summary>
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
