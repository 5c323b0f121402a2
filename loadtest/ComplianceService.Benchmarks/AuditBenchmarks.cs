using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Testing;
using ComplianceService.Wire;

namespace ComplianceService.Benchmarks;

/// <summary>
/// The audit trail's cost on a call's own thread: making a decision's record, and appending it (serialized and copied
/// into the writer's journal in shared memory). And what one writer sustains to disk: records appended and then written
/// by its copier to the segment file (chained, hashed, written, fsynced), per record.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AuditBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PeerAddress Peer = new(IPAddress.Loopback, 50000);
    private readonly AuditRecords _records = new("bench-1", null);
    private EncounterRequest _request = null!;
    private Decision _decision = null!;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private DecisionAuditRecord _record;
    private string _directory = "";
    private AuditSegmentWriter _writer = null!;
    private readonly byte[] _line = new byte[4096];
    private readonly byte[] _prev = new byte[AuditChain.HashLength];
    private readonly System.Security.Cryptography.IncrementalHash _sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    private byte[] _recordJson = [];
    private long _seq;

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(RepositoryPaths.Policies).Verified!);
        _request = BenchmarkEncounter.Request();
        _ = ServedPolicy.Create(snapshot).CheckEncounter(_request, Now.UtcDateTime, out _decision!);
        _record = MakeRecord();
        _record.WriteTo(_json);
        _recordJson = _json.WrittenSpan.ToArray();
        _directory = Directory.CreateTempSubdirectory("audit-bench-").FullName;
        _writer = AuditSegmentWriter.Open(_directory, "bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sha.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The record of one CheckEncounter, from the request and the reply (as the server's reply, with its
    /// template's audit text).</summary>
    [Benchmark]
    public DecisionAuditRecord MakeRecord() => _records.Encounter(_request, _decision, "CN=cad-01", Peer, Now);

    /// <summary>The record's JSON alone, as the writer makes it on the call's thread (before it copies it into the journal).</summary>
    [Benchmark]
    public int WriteJson()
    {
        _json.ResetWrittenCount();
        _record.WriteTo(_json);
        return _json.WrittenCount;
    }

    /// <summary>The copier's own work per record before it writes: the record's line from its JSON (made on the call's
    /// thread, above), chained to the one before (its sequence number, the previous hash, the SHA-256 of both and the
    /// JSON, in hex).</summary>
    [Benchmark]
    public int ChainLine()
    {
        var seq = ++_seq;
        var length = (int)AuditChain.LineLength(seq, _recordJson.Length);
        AuditChain.WriteLine(_line.AsSpan(0, length), seq, _prev, _recordJson, _prev, _sha);
        return length;
    }

    /// <summary>What one writer sustains to disk: 10,000 records appended, then waited for until the copier has written
    /// and fsynced them all; the mean is per record (records per second = 1 / mean).</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public void AppendAndWrite()
    {
        for (var i = 0; i < 10_000; i++)
        {
            _writer.Append(_record);
        }

        if (!_writer.Flush(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The copier did not write the records within 30 s.");
        }
    }
}

/// <summary>
/// An append's cost on the call's own thread alone: the record serialized and copied into the journal (no system call;
/// the copier writes it to the segment file, off the call, within 5 ms). Each iteration is 16,000 appends and starts with
/// the journal emptied, so that appends faster than the copier never find it full.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(16_000)]
public class AuditAppendBenchmarks
{
    private readonly AuditBenchmarks _trail = new();
    private DecisionAuditRecord _record;
    private string _directory = "";
    private AuditSegmentWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _trail.Setup();
        _record = _trail.MakeRecord();
        _directory = Directory.CreateTempSubdirectory("audit-append-bench-").FullName;
        _writer = AuditSegmentWriter.Open(_directory, "bench");
    }

    [IterationSetup]
    public void EmptyJournal()
    {
        if (!_writer.Flush(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The copier did not empty the journal within 30 s.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _trail.Cleanup();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One call's record appended: in the journal when it returns.</summary>
    [Benchmark]
    public void Append() => _writer.Append(_record);

    /// <summary>One decision recorded as the server records it: its record made from the request and the reply, and appended.</summary>
    [Benchmark]
    public void RecordDecision() => _writer.Append(_trail.MakeRecord());
}
