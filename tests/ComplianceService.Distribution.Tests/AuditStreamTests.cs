extern alias compliancectl;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// Redis mode: every server copies its audit chain to one Redis stream. Redis is killed with SIGKILL while two servers
/// are under load from Python grpcio; calls keep being answered (the records wait on each server's disk); Redis comes
/// back and the spill is copied; every decision any client received is in <c>compliancectl audit export --redis</c>
/// exactly once, and the chains verify.
/// </summary>
public sealed class AuditStreamTests(ITestOutputHelper log)
{
    // How long the copy may take to catch up once Redis is back. Alone it takes a few seconds; once, with the whole
    // suite running beside it, 30 s was not enough (and the run left no trace of why: the failure now says where the
    // missing records are).
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_decision_received_while_Redis_was_killed_and_restarted_is_exported_from_Redis_exactly_once()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync(durable: true);
        var prefix = RedisServer.NewKeyPrefix("audit");
        string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. store]);
        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a");
        await using var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b");

        var received = new ConcurrentBag<string>();
        var loads = new[] { a, b }.Select(server => LoadAsync(server.Address.Port, seconds: 8, received)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var beforeKill = received.Count;
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var duringOutage = received.Count - beforeKill;
        await redis.StartAsync();
        var summaries = await Task.WhenAll(loads);
        log.WriteLine($"{received.Count} decisions received ({beforeKill} before Redis was killed, {duringOutage} while it was down); " + string.Join(" | ", summaries));
        Assert.True(duringOutage > 0, "the servers kept answering while Redis was down");

        // The copy catches up: everything received is in the stream, once.
        IReadOnlyDictionary<string, int> exported = new Dictionary<string, int>();
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    exported = await ExportAsync(store);
                    return received.All(exported.ContainsKey);
                },
                "every decision received is in the Redis stream",
                CatchUp);
        }
        catch (TimeoutException)
        {
            // Where the missing ones are: in a server's own trail (not copied yet), or nowhere.
            var missing = received.Where(id => !exported.ContainsKey(id)).ToHashSet();
            var report = string.Join("; ", new[] { a, b }.Select(server =>
            {
                var local = AuditTrail.Records(server.AuditDirectory).Select(r => r.DecisionId).ToHashSet();
                var shipped = Directory.GetFiles(server.AuditDirectory, ".shipped", SearchOption.AllDirectories).Select(File.ReadAllText);
                return $"server {server.InstanceId}: {local.Count} records on disk, {missing.Count(local.Contains)} of the missing among them, checkpoint {string.Join(",", shipped)}, " +
                    $"problems {string.Join(" | ", AuditTrail.Verify(server.AuditDirectory).Take(3))}";
            }));
            Assert.Fail($"{missing.Count} of {received.Count} decisions received are not in the Redis stream after {CatchUp.TotalSeconds} s ({exported.Count} exported): {report}");
        }
        Assert.All(received, id => Assert.Equal(1, exported[id]));
        Assert.Equal(received.Count, exported.Count);

        var (verifyExit, verify) = await Ctl.RunAsync(log, ["audit", "verify", .. store]);
        Assert.True(verifyExit == compliancectl::ComplianceService.Cli.ExitCodes.Ok, verify);
    }

    private async Task<Dictionary<string, int>> ExportAsync(string[] store)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await compliancectl::ComplianceService.Cli.Compliancectl.RunAsync(["audit", "export", .. store], output, error);
        Assert.True(exit == 0, error.ToString());
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("decision_id").GetString()!)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    // Python grpcio under steady load; every decision id it receives goes into `received`. Returns its summary line.
    private static async Task<string> LoadAsync(int port, int seconds, ConcurrentBag<string> received)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[] { Path.Combine(RepositoryPaths.Root, "tests", "interop", "python", "interop.py"), port.ToString(CultureInfo.InvariantCulture), "audit_load", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string? last = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ID ", StringComparison.Ordinal))
            {
                received.Add(line[3..]);
            }
            else
            {
                last = line;
            }
        }

        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        return last ?? "";
    }
}
