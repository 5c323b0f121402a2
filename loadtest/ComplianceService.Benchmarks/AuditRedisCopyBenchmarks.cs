using System.Net;
using BenchmarkDotNet.Attributes;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Store;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;
using ComplianceService.Wire;
using StackExchange.Redis;
using Role = ComplianceService.Contracts.V1.Role;

namespace ComplianceService.Benchmarks;

/// <summary>
/// One writer's copy of its audit trail to Redis, as <see cref="AuditShipper"/> makes it: batches of up to
/// <see cref="AuditShipper.BatchSize"/> lines read from the segments on disk (<see cref="AuditTail"/>), each added to the
/// stream by one script call (<see cref="RedisAuditStore"/>, idempotent by decision id), then the checkpoint moved past it.
/// The mean is per record: records per second one writer sustains to Redis = 1 / mean (to disk: <see cref="AuditBenchmarks"/>).
/// </summary>
/// <remarks>
/// <para>A real <c>redis-server</c> on loopback (<see cref="RedisServer"/>), on this machine: no network between the
/// writer and Redis, and Redis shares the cores with the benchmark. Measured both without persistence (the tests'
/// default) and with an append-only file fsynced on every write (<c>appendfsync always</c>, as the audit stream's
/// tests run it): one fsync per batch.</para>
/// <para>Every invocation copies the whole trail into an empty Redis from no checkpoint: the database is flushed and the
/// checkpoint deleted before each (outside the measurement), and the stream is checked to hold every record after
/// (before the next invocation, and at the end).</para>
/// </remarks>
[MemoryDiagnoser]
public class AuditRedisCopyBenchmarks
{
    /// <summary>Records in the trail copied by each invocation.</summary>
    public const int Records = 20_000;

    private const string Writer = "bench-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private string _directory = "";
    private RedisServer _redis = null!;
    private RedisAuditStore _store = null!;
    private ConnectionMultiplexer _admin = null!;

    /// <summary>Whether Redis keeps the stream in an append-only file fsynced on every write.</summary>
    [Params(false, true)]
    public bool AppendFsyncAlways { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("audit-redis-bench-").FullName;
        WriteTrail();
        _redis = RedisServer.StartNewAsync(durable: AppendFsyncAlways).GetAwaiter().GetResult();
        var options = new PolicyStoreOptions { ConnectionString = _redis.ConnectionString };
        _store = RedisAuditStore.ConnectAsync(options, new ComplianceAuditOptions().Retention).GetAwaiter().GetResult();
        _admin = ConnectionMultiplexer.Connect(_redis.ConnectionString + ",allowAdmin=true");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            CheckCopied(allowEmpty: false);
        }
        finally
        {
            _admin?.Dispose();
            _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _redis?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    [IterationSetup]
    public void Empty()
    {
        // The previous invocation's copy is checked here, not in an [IterationCleanup]: BenchmarkDotNet 0.15.8 in-process
        // did not call one after this asynchronous benchmark.
        CheckCopied(allowEmpty: true);
        _admin.GetServer(_redis.ConnectionString).FlushDatabase();
        File.Delete(Path.Combine(_directory, Writer, ".shipped"));
    }

    /// <summary>The whole trail copied to Redis, batch by batch, as the shipper copies it (per record).</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public async Task CopyTrail()
    {
        var tail = new AuditTail(_directory, Writer);
        while (tail.Read(AuditShipper.BatchSize) is { Count: > 0 } batch)
        {
            await AuditShipper.CopyAsync(_store, Writer, tail, batch).ConfigureAwait(false);
        }
    }

    // The stream holds every record of the trail (or, before the first invocation, nothing).
    private void CheckCopied(bool allowEmpty)
    {
        var stored = _admin.GetDatabase().StreamLength(_store.StreamKey);
        if (stored != Records && !(allowEmpty && stored == 0))
        {
            throw new InvalidOperationException($"The stream holds {stored} records, not {Records}.");
        }
    }

    // One writer's segments: the same CheckEncounter's record as AuditBenchmarks appends, each under its own decision id.
    private void WriteTrail()
    {
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(RepositoryPaths.Policies).Verified!);
        var request = BenchmarkEncounter.Request();
        var decision = snapshot.CheckEncounter(SnapshotChecks.EncounterQuery(request, Now.UtcDateTime)).ToMessage(DecisionIds.Next().ToString(), request.IncidentId);
        var records = new AuditRecords(Writer, null);
        var peer = new PeerAddress(IPAddress.Loopback, 50000);
        var writer = AuditSegmentWriter.Open(_directory, Writer);
        try
        {
            for (var i = 0; i < Records; i++)
            {
                var reply = decision.Clone();
                reply.DecisionId = DecisionIds.Next().ToString();
                writer.Append(records.Encounter(request, reply, "CN=cad-01", peer, Now));
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
