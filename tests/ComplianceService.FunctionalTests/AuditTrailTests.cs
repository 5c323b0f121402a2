extern alias compliancectl;

using System.Collections.Concurrent;
using System.Text.Json;
using compliancectl::ComplianceService.Cli;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The decision audit trail as deployed: the server in a child process, an independent client (Python grpcio) under
/// steady load, and the auditor's <c>compliancectl audit</c>. A decision that was answered is never missing from the trail.
/// </summary>
public sealed class AuditTrailTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-audit-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Every_decision_a_client_received_is_exported_exactly_once_though_the_server_was_killed_mid_run_and_restarted_on_its_trail()
    {
        var received = new ConcurrentBag<string>();
        var settings = new[] { "--Compliance:Audit:Directory=" + _directory, "--Compliance:Audit:Writer=server-1" };

        await using (var first = await ServerProcess.StartAsync(settings))
        {
            var seen = 0;
            var killed = new TaskCompletionSource();
            var load = InteropProcess.RunAsync(InteropProcess.Python, [InteropProcess.PythonScript, first.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "audit_load", "6"], TimeSpan.FromSeconds(60), async line =>
            {
                if (line.StartsWith("ID ", StringComparison.Ordinal))
                {
                    received.Add(line[3..]);
                    if (Interlocked.Increment(ref seen) == 400)
                    {
                        // SIGKILL while calls are in flight: whatever the client got back must already be in the trail.
                        await first.CrashAsync();
                        killed.TrySetResult();
                    }
                }
            });
            var run = await load;
            log.WriteLine("first run: " + run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.True(killed.Task.IsCompleted, "the server was killed during the load");
            Assert.True(run.Json.GetProperty("errors").EnumerateObject().Any(), "calls failed once the server was gone");
        }

        var beforeRestart = received.Count;
        await using (var second = await ServerProcess.StartAsync(settings))
        {
            var run = await InteropProcess.RunAsync(InteropProcess.Python, [InteropProcess.PythonScript, second.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "audit_load", "2"], TimeSpan.FromSeconds(60), line =>
            {
                if (line.StartsWith("ID ", StringComparison.Ordinal))
                {
                    received.Add(line[3..]);
                }

                return Task.CompletedTask;
            });
            log.WriteLine("second run: " + run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            second.Terminate();
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.True(received.Count > beforeRestart, "the restarted server answered too");
        var (exit, output, errors) = await CtlAsync("audit", "export", "--dir", _directory, "--format", "jsonl");
        Assert.Equal(ExitCodes.Ok, exit);
        var exported = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("decision_id").GetString()!)
            .ToList();
        log.WriteLine($"{received.Count} decisions received by the client ({beforeRestart} before the kill); {exported.Count} records exported; {errors.Trim()}");

        var counts = exported.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(received, id => Assert.True(counts.TryGetValue(id, out var n) && n == 1, $"decision {id} appears {counts.GetValueOrDefault(id)} times in the export"));

        // The chain survived the kill (a torn last line, if any, was cut when the server came back) and verifies.
        var verify = await CtlAsync("audit", "verify", "--dir", _directory);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output);
    }

    [Fact]
    public async Task A_record_holds_the_decision_and_its_inputs_and_a_hashed_incident_id_never_the_id()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var server = await ServerProcess.StartAsync(
            "--Compliance:Audit:Directory=" + _directory, "--Compliance:Audit:HashIncidentIds=true", "--Compliance:Audit:IncidentIdKey=" + key);
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new ComplianceGrpc.ComplianceServiceClient(channel);
        var decision = await client.CheckEncounterAsync(new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StateCharge },
            UnknownFacts = { Fact.ForeignNational },
            IncidentId = "CAD-2026-SECRET-42",
        });
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var (exit, output, _) = await CtlAsync("audit", "export", "--dir", _directory, "--decision-id", decision.DecisionId);
        Assert.Equal(ExitCodes.Ok, exit);
        var record = JsonDocument.Parse(output.Trim()).RootElement;
        Assert.Equal("CheckEncounter", record.GetProperty("method").GetString());
        Assert.Equal("anonymous", record.GetProperty("caller").GetString());
        Assert.Equal("us-ks-roeland-park", record.GetProperty("jurisdiction").GetString());
        Assert.Equal("ACTION_INQUIRE_STATUS", record.GetProperty("action").GetString());
        Assert.Equal("CONTACT_TRAFFIC_STOP", record.GetProperty("contact").GetString());
        Assert.Equal(["FACT_STATE_CHARGE"], record.GetProperty("facts").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["FACT_FOREIGN_NATIONAL"], record.GetProperty("unknown_facts").EnumerateArray().Select(e => e.GetString()));
        var outcomeName = VocabularyReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Outcome").FindValueByNumber((int)decision.Outcome).Name;
        Assert.Equal(outcomeName, record.GetProperty("outcome").GetString());
        Assert.Equal(decision.PolicyRevision, record.GetProperty("revision").GetString());
        var incident = record.GetProperty("incident_id").GetString()!;
        Assert.StartsWith("hmac-sha256:", incident, StringComparison.Ordinal);
        Assert.All(
            Directory.GetFiles(_directory, "*.log", SearchOption.AllDirectories),
            file => Assert.DoesNotContain("CAD-2026-SECRET-42", File.ReadAllText(file), StringComparison.Ordinal));

        // The export itself was recorded: who read what.
        var (_, access, _) = await CtlAsync("audit", "export", "--dir", _directory, "--include-access");
        Assert.Contains("\"access\":\"export --decision-id " + decision.DecisionId, access, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_trail_cannot_be_written_the_default_refuses_and_Answer_answers()
    {
        // A file where the audit folder should be: no user, root included, can write the trail there.
        var readOnly = Path.Combine(_directory, "not-a-folder");
        await File.WriteAllTextAsync(readOnly, "in the way");

        await using (var refusing = await ServerProcess.StartAsync("--Compliance:Audit:Directory=" + readOnly))
        {
            using var channel = GrpcChannel.ForAddress(refusing.Address);
            var error = await Assert.ThrowsAsync<RpcException>(() => new ComplianceGrpc.ComplianceServiceClient(channel).CheckEncounterAsync(Request()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("audit trail unavailable", error.Status.Detail, StringComparison.Ordinal);
        }

        await using var answering = await ServerProcess.StartAsync("--Compliance:Audit:Directory=" + readOnly, "--Compliance:Audit:OnFailure=Answer");
        using var answeringChannel = GrpcChannel.ForAddress(answering.Address);
        var decision = await new ComplianceGrpc.ComplianceServiceClient(answeringChannel).CheckEncounterAsync(Request());
        Assert.Equal(Outcome.Prohibited, decision.Outcome);
        Assert.Contains("Audit trail unavailable", answering.Output, StringComparison.Ordinal);
    }

    private static EncounterRequest Request() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.InquireStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
    };

    private async Task<(int ExitCode, string Output, string Errors)> CtlAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Compliancectl.RunAsync(args, output, error);
        log.WriteLine($"$ compliancectl {string.Join(' ', args)} -> {exit}");
        return (exit, output.ToString(), error.ToString());
    }
}
