extern alias compliancectl;

using System.Diagnostics;
using System.Security.Cryptography;
using ComplianceService.Store;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;
using StackExchange.Redis;
using Cli = compliancectl::ComplianceService.Cli;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// Signed policy and Redis credentials end to end: a redis-server with the README's two ACL users (the default user off), two
/// servers on the servers' credential trusting the admin's public key (<c>Compliance:Security:PolicySigningKeys</c>), and
/// compliancectl with the admin's credential and private key (<c>--signing-key</c>).
/// </summary>
public sealed class SignedPolicyTests(ITestOutputHelper log) : IDisposable
{
    private readonly PolicySets _policies = new();

    public void Dispose() => _policies.Dispose();

    [Fact]
    public async Task The_server_credential_cannot_publish_activate_or_roll_back_and_servers_on_it_follow_the_admins_signed_activations()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var acl = await RedisAcl.ConfigureAsync(redis);
        var (key, publicKey, _) = WriteKeys();
        string[] admin = ["--redis", acl.AdminConnectionString, "--signing-key", key];
        string[] server = ["--redis", acl.ServerConnectionString, "--signing-key", key];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. admin]);
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", _policies.WithoutBozeman, .. admin]);
        await Ctl.OkAsync(log, ["rollback", .. admin]);
        await using var a = await StartServerAsync(acl, "a", publicKey);
        await using var b = await StartServerAsync(acl, "b", publicKey);
        Assert.Equal(_policies.FullRevision, await a.ServedRevisionAsync());
        Assert.Equal(_policies.FullRevision, await b.ServedRevisionAsync());

        // The servers' credential, even with the signing key: refused by Redis, with the documented exit code and the reason.
        var marked = _policies.Marked("server-credential");
        string[][] commands =
        [
            ["publish", "--yes", "--policies", marked, .. server],
            ["activate", _policies.WithoutBozemanRevision, .. server],
            ["rollback", .. server],
        ];
        foreach (var command in commands)
        {
            var (exitCode, output) = await Ctl.RunAsync(log, command);
            Assert.Equal(Cli.ExitCodes.NotPermitted, exitCode);
            Assert.Equal(6, exitCode);
            Assert.Contains("Redis refused this credential", output, StringComparison.Ordinal);
            Assert.Contains("admin user", output, StringComparison.Ordinal);
            Assert.Contains("NOPERM", output, StringComparison.Ordinal);
        }

        var status = await Ctl.OkAsync(log, ["status", "--redis", acl.AdminConnectionString]);
        Assert.Contains(_policies.FullRevision, status, StringComparison.Ordinal);
        Assert.Equal(_policies.FullRevision, await a.ServedRevisionAsync());
        Assert.Equal(_policies.FullRevision, await b.ServedRevisionAsync());

        // The admin's signed publish and rollback reach both servers.
        await Ctl.OkAsync(log, ["activate", _policies.WithoutBozemanRevision, .. admin]);
        await Poll.UntilAsync(async () => await a.ServedRevisionAsync() == _policies.WithoutBozemanRevision && await b.ServedRevisionAsync() == _policies.WithoutBozemanRevision, "both servers follow the admin's activation", TimeSpan.FromSeconds(10));
        await Ctl.OkAsync(log, ["rollback", .. admin]);
        await Poll.UntilAsync(async () => await a.ServedRevisionAsync() == _policies.FullRevision && await b.ServedRevisionAsync() == _policies.FullRevision, "both servers follow the admin's rollback", TimeSpan.FromSeconds(10));

        // On the servers' credential, decisions are still copied to the audit stream (the README's ACL line allows its script).
        var decided = (await a.Client.CheckEncounterAsync(Requests.Kept())).DecisionId;
        await Poll.UntilAsync(
            async () => (await Ctl.RunAsync(log, ["audit", "export", "--redis", acl.AdminConnectionString, "--decision-id", decided])).Output.Contains(decided, StringComparison.Ordinal),
            "the decision is in the Redis audit stream",
            TimeSpan.FromSeconds(10));
        foreach (var s in new[] { a, b })
        {
            Assert.DoesNotContain(s.LogLines, l => l.Contains("Refused", StringComparison.Ordinal) || l.Contains("NOPERM", StringComparison.Ordinal));
            Assert.DoesNotContain(s.LogLines, l => l.Contains("Audit records wait", StringComparison.Ordinal));
            Assert.Empty(s.LogLinesWithException);
        }
    }

    [Fact]
    public async Task An_unsigned_foreign_signed_or_forged_bundle_or_activation_is_refused_by_every_server_and_the_old_revision_keeps_serving()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var acl = await RedisAcl.ConfigureAsync(redis);
        var (key, publicKey, otherKey) = WriteKeys();
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, "--redis", acl.AdminConnectionString, "--signing-key", key]);
        await using var a = await StartServerAsync(acl, "a", publicKey);
        await using var b = await StartServerAsync(acl, "b", publicKey);
        Assert.Equal(_policies.FullRevision, await a.ServedRevisionAsync());
        var clock = Stopwatch.StartNew();
        await using var load = new ContinuousLoad([a, b], _policies.FullRevision, _policies.WithoutBozemanRevision, clock);

        // 1. Unsigned: the admin's Redis credential without the signing key. Redis takes it; no server serves it.
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", _policies.WithoutBozeman, "--redis", acl.AdminConnectionString]);
        await RefusedByBothAsync(a, b, 1, "its activation is not signed");

        // 2. Signed with another key (re-signing the same revision's activation and bundle).
        await Ctl.OkAsync(log, ["rollback", "--redis", acl.AdminConnectionString, "--signing-key", otherKey]);
        await Ctl.OkAsync(log, ["activate", _policies.WithoutBozemanRevision, "--redis", acl.AdminConnectionString, "--signing-key", otherKey]);
        await RefusedByBothAsync(a, b, 3, "signature does not match its fields under any trusted policy signing key");

        // 3. Forged by hand with Redis write access: another bundle under the admin's signatures, copied from the served
        //    revision (the bundle's signature and the activation's, re-numbered above the served one).
        var forged = PolicySets.Compile(_policies.Marked("forged"));
        using (var raw = await ConnectionMultiplexer.ConnectAsync(acl.AdminConnectionString))
        {
            var db = raw.GetDatabase();
            var served = await db.HashGetAllAsync("compliance:active");
            var history = await db.ListRangeAsync("compliance:history");
            var signedFull = history.Select(h => (string)h!).Last(h => h.Contains(_policies.FullRevision, StringComparison.Ordinal) && h.Contains("signature", StringComparison.Ordinal));
            log.WriteLine("signed activation copied: " + signedFull);
            var fullSignature = System.Text.Json.JsonDocument.Parse(signedFull).RootElement.GetProperty("signature").GetString();
            await db.HashSetAsync("compliance:bundles:" + forged.Revision!, [new HashEntry("data", forged.Bundle), new HashEntry("absexp", -1), new HashEntry("sldexp", -1)]);
            await db.StringSetAsync("compliance:signatures:" + forged.Revision!, await db.StringGetAsync("compliance:signatures:" + _policies.FullRevision));
            var sequence = (long)served.Single(e => e.Name == "sequence").Value + 1;
            await ByHand.MovePointerAsync(db, "compliance:", forged.Revision!, new ActivationRecord(_policies.WithoutBozemanRevision, DateTimeOffset.UtcNow, "mallory", null) { Sequence = sequence - 1 }, fullSignature);
        }

        await RefusedByBothAsync(a, b, 4, forged.Revision! + ": its activation's signature does not match");

        // Under load the whole time, every answer came from the revision served before; then heartbeats go by with nothing
        // logged again, and no line carried a stack trace.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.StopAsync();
        Assert.True(load.Errors.Count == 0, string.Join(Environment.NewLine, load.Errors.Take(20)));
        Assert.Empty(load.FirstNew);
        Assert.All(load.Calls.Values, calls => Assert.True(calls > 0));
        foreach (var s in new[] { a, b })
        {
            var refusals = s.LogLines.Where(l => l.Contains("Refused policy revision", StringComparison.Ordinal)).ToList();
            Assert.True(refusals.Count == 4, $"{s.InstanceId} logged {refusals.Count} refusals:{Environment.NewLine}{string.Join(Environment.NewLine, refusals)}");
            Assert.Empty(s.LogLinesWithException);
            Assert.Equal(_policies.FullRevision, await s.ServedRevisionAsync());
        }

        // The servers are alive: the admin's signed activation of the same revision is served at once.
        await Ctl.OkAsync(log, ["activate", _policies.WithoutBozemanRevision, "--redis", acl.AdminConnectionString, "--signing-key", key]);
        await Poll.UntilAsync(async () => await a.ServedRevisionAsync() == _policies.WithoutBozemanRevision && await b.ServedRevisionAsync() == _policies.WithoutBozemanRevision, "both servers serve the signed activation", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unsigned_active_activation_is_pointed_out_and_two_signed_rollbacks_make_it_servable()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var acl = await RedisAcl.ConfigureAsync(redis);
        var (key, publicKey, _) = WriteKeys();
        string[] admin = ["--redis", acl.AdminConnectionString];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. admin]);
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", _policies.WithoutBozeman, .. admin]);

        var again = await Ctl.OkAsync(log, ["publish", "--yes", "--policies", _policies.WithoutBozeman, "--signing-key", key, .. admin]);
        Assert.Contains("is already active", again, StringComparison.Ordinal);
        Assert.Contains("note: that activation is not signed", again, StringComparison.Ordinal);

        await Ctl.OkAsync(log, ["rollback", "--signing-key", key, .. admin]);
        await Ctl.OkAsync(log, ["rollback", "--signing-key", key, .. admin]);
        await using var a = await StartServerAsync(acl, "a", publicKey);
        Assert.Equal(_policies.WithoutBozemanRevision, await a.ServedRevisionAsync());
    }

    [Fact]
    public async Task A_server_whose_policy_signing_key_cannot_be_read_does_not_start_and_says_which_key()
    {
        await using var redis = await RedisServer.StartNewAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ComplianceServer.StartAsync(
            redis.ConnectionString, RedisAcl.KeyPrefix, _policies.SnapshotPath("bad-key"), "bad-key", ("Compliance:Security:PolicySigningKeys:0", "absent.pub.pem")));

        log.WriteLine(error.Message);
        Assert.Contains("Compliance:Security:PolicySigningKeys: policy signing key 0", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("absent.pub.pem", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task RefusedByBothAsync(ComplianceServer a, ComplianceServer b, int count, string reason)
    {
        foreach (var server in new[] { a, b })
        {
            await Poll.UntilAsync(
                () => server.LogLines.Count(l => l.Contains("Refused policy revision", StringComparison.Ordinal)) >= count,
                $"{server.InstanceId} logs refusal {count}",
                TimeSpan.FromSeconds(10));
            Assert.Contains(server.LogLines, l => l.Contains("Refused policy revision", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        }
    }

    private Task<ComplianceServer> StartServerAsync(RedisAcl acl, string name, string publicKey) =>
        ComplianceServer.StartAsync(
            acl.ServerConnectionString,
            RedisAcl.KeyPrefix,
            _policies.SnapshotPath(name),
            name,
            ("Compliance:Store:HeartbeatInterval", "00:00:00.250"),
            ("Compliance:Security:PolicySigningKeys:0", publicKey));

    // The admin's private key and public key, and another private key, as PEM files.
    private (string Key, string PublicKey, string OtherKey) WriteKeys()
    {
        using var admin = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = Path.Combine(_policies.Root, "admin.key");
        var publicKey = Path.Combine(_policies.Root, "admin.pub.pem");
        var otherKey = Path.Combine(_policies.Root, "other.key");
        File.WriteAllText(key, admin.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicKey, admin.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(otherKey, other.ExportPkcs8PrivateKeyPem());
        return (key, publicKey, otherKey);
    }
}
