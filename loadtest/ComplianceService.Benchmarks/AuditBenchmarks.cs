using BenchmarkDotNet.Attributes;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Testing;
using ComplianceService.Wire;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Benchmarks;

/// <summary>
/// The audit trail's cost on a call's own thread: making a decision's record, and appending it (serialized, hashed and
/// copied into the mapped segment file; the fsync follows on the writer's own thread). The append's mean is also what
/// one writer sustains to disk: records per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AuditBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly AuditRecords _records = new("bench-1", null);
    private EncounterRequest _request = null!;
    private Decision _decision = null!;
    private AuditRecord _record = null!;
    private string _directory = "";
    private AuditSegmentWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(RepositoryPaths.Policies).Verified!);
        _request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.VerifyStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StateCharge, Fact.SupervisorApproval },
            IncidentId = "CAD-2026-000123",
        };
        _decision = snapshot.CheckEncounter(SnapshotChecks.EncounterQuery(_request, Now.UtcDateTime)).ToMessage(DecisionIds.Next().ToString(), _request.IncidentId);
        _record = _records.Encounter(_request, _decision, "CN=cad-01", "ipv4:127.0.0.1:50000", Now);
        _directory = Directory.CreateTempSubdirectory("audit-bench-").FullName;
        _writer = AuditSegmentWriter.Open(_directory, "bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The record of one CheckEncounter, from the request and the reply.</summary>
    [Benchmark]
    public AuditRecord MakeRecord() => _records.Encounter(_request, _decision, "CN=cad-01", "ipv4:127.0.0.1:50000", Now);

    /// <summary>One call's record appended: in the segment file when it returns (no system call; the fsync follows,
    /// off the call, every 5 ms).</summary>
    [Benchmark]
    public void Append() => _writer.Append(_record);
}
