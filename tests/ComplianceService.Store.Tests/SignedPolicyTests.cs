using System.Security.Cryptography;
using System.Text;
using ComplianceService.Testing.Logging;
using ComplianceService.Testing.Redis;
using StackExchange.Redis;

namespace ComplianceService.Store.Tests;

/// <summary>
/// Signed policy and Redis credentials against a real redis-server with the README's ACL users: the servers' credential cannot
/// change what is active, and a distributor with trusted keys serves only what the admin's key signed, from Redis and from disk.
/// Each test gets its own redis-server (the ACL lines grant the default prefix).
/// </summary>
public sealed class SignedPolicyTests : IAsyncLifetime
{
    private const string Prefix = RedisAcl.KeyPrefix;

    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-signed-").FullName;
    private readonly MetricsRecorder _metrics = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly ECDsa _adminKey = ECDsa.Create(PolicySignature.Curve);
    private readonly ECDsa _otherKey = ECDsa.Create(PolicySignature.Curve);
    private RedisServer _redis = null!;
    private RedisAcl _acl = null!;
    private PolicySigner _signer = null!;
    private PolicySigner _otherSigner = null!;
    private PolicySignatureVerifier _verifier = null!;
    private RedisPolicyStore _admin = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _acl = await RedisAcl.ConfigureAsync(_redis);
        _signer = PolicySigner.FromPem(_adminKey.ExportPkcs8PrivateKeyPem());
        _otherSigner = PolicySigner.FromPem(_otherKey.ExportPkcs8PrivateKeyPem());
        _verifier = PolicySignatureVerifier.FromKeys([_adminKey.ExportSubjectPublicKeyInfoPem()], _directory);
        _admin = await ConnectAsync(_acl.AdminConnectionString, "admin", _signer);
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _redis.DisposeAsync();
        _metrics.Dispose();
        _signer.Dispose();
        _otherSigner.Dispose();
        _verifier.Dispose();
        _adminKey.Dispose();
        _otherKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_server_credential_reads_subscribes_and_reports_but_cannot_store_activate_roll_back_or_move_the_pointer()
    {
        var (first, _) = await PutAsync(_admin);
        var (second, secondBytes) = await PutAsync(_admin);
        await _admin.ActivateAsync(first, "alice");
        await _admin.ActivateAsync(second, "alice");
        var server = await ConnectAsync(_acl.ServerConnectionString, "web-1");

        // What a server does works.
        Assert.Equal(second, (await server.GetActiveAsync())?.Revision);
        Assert.Equal(secondBytes, await server.GetBundleAsync(second));
        Assert.NotNull(await server.GetBundleSignatureAsync(second));
        await server.ReportLoadedAsync("web-1", second);
        Assert.Equal(["web-1"], (await _admin.GetInstancesAsync()).Select(i => i.InstanceId));
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await server.SubscribeAsync(() =>
        {
            announced.TrySetResult();
            return Task.CompletedTask;
        });

        // What only the admin may do is refused with NOPERM, mapped to its own exception, and nothing moves.
        var (third, thirdBytes) = Bundles.Random();
        var put = await Assert.ThrowsAsync<PolicyStoreNotPermittedException>(() => server.PutBundleAsync(third, thirdBytes));
        Assert.Contains("NOPERM", put.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PolicyStoreNotPermittedException>(() => server.ActivateAsync(first, "mallory"));
        await Assert.ThrowsAsync<PolicyStoreNotPermittedException>(() => server.RollbackAsync("mallory"));
        using (var raw = await ConnectionMultiplexer.ConnectAsync(_acl.ServerConnectionString))
        {
            var db = raw.GetDatabase();
            await Assert.ThrowsAsync<RedisServerException>(() => db.HashSetAsync(Prefix + "active", "revision", first));
            await Assert.ThrowsAsync<RedisServerException>(() => db.KeyDeleteAsync(Prefix + "active"));
            await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync(Prefix + "signatures:" + third, "forged"));
            await Assert.ThrowsAsync<RedisServerException>(() => raw.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + "activations"), "hint"));
        }

        Assert.Equal(second, (await _admin.GetActiveAsync())?.Revision);
        Assert.Null(await _admin.GetBundleAsync(third));

        // The subscription works: the admin's rollback is heard by the server's credential.
        await _admin.RollbackAsync("alice");
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Only_activations_signed_by_a_trusted_key_are_served_others_are_refused_once_counted_and_the_old_revision_keeps_serving()
    {
        var (first, firstBytes) = await PutAsync(_admin);
        var firstActivation = await _admin.ActivateAsync(first, "alice");
        Assert.Equal(SignatureCheck.Valid, _verifier.VerifyActivation(firstActivation));
        var instance = await StartInstanceAsync("web-1");
        Assert.True(firstActivation == instance.Distributor.Current, string.Join(Environment.NewLine, new[] { "BundleRefused", "StoreUnavailableAtStartup", "NothingToServe", "ConnectionLost" }.SelectMany(instance.Logs.Messages)));

        // The admin credential without the signing key: stored and activated, never served.
        var unsigned = await ConnectAsync(_acl.AdminConnectionString, "admin-unsigned");
        var (second, _) = await PutAsync(unsigned);
        await unsigned.ActivateAsync(second, "bob");
        await RefusedAsync(instance, 1, second, "its activation is not signed");

        // Signed with another key.
        var foreign = await ConnectAsync(_acl.AdminConnectionString, "admin-foreign", _otherSigner);
        var (third, _) = await PutAsync(foreign);
        await foreign.ActivateAsync(third, "mallory");
        await RefusedAsync(instance, 2, third, "signature does not match");

        // The first activation, signature and all, replayed over the pointer with a number above the current one.
        var current = await _admin.GetActiveAsync();
        await ReplayAsync(firstActivation, current!.Sequence + 1);
        await RefusedAsync(instance, 3, first, "signature does not match");

        // Heartbeats re-read the same refused pointer: not logged or counted again.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, instance.Logs.Count("BundleRefused"));
        Assert.Equal(3, _metrics.Sum(PolicyStoreMetrics.BundlesRefused, instance.Id));
        Assert.Equal(firstActivation, instance.Distributor.Current);
        Assert.Equal(firstBytes, instance.Engine.Bytes);
        Assert.Empty(instance.Logs.WithException());

        // The admin's key activates the unsigned revision (signing its bundle on the way): served.
        var signed = await _admin.ActivateAsync(second, "alice");
        await Poll.UntilAsync(() => instance.Distributor.Current == signed, "the signed activation is served", TimeSpan.FromSeconds(20));
        var onDisk = await new LastGoodSnapshot(instance.Options.SnapshotPath).ReadAsync();
        Assert.Equal(signed, onDisk?.Activation);
        Assert.Equal(SignatureCheck.Valid, _verifier.VerifyBundle(second, onDisk?.BundleSignature));
    }

    [Fact]
    public async Task A_cold_start_without_redis_serves_a_signed_snapshot_and_refuses_an_unsigned_or_altered_one()
    {
        var (revision, _) = await PutAsync(_admin);
        await _admin.ActivateAsync(revision, "alice");
        var writer = await StartInstanceAsync("writer");
        var written = await new LastGoodSnapshot(writer.Options.SnapshotPath).ReadAsync();
        Assert.NotNull(written);
        await _redis.StopAsync();

        // As written by a signing-aware server: served.
        var good = await StartInstanceAsync("good", writer.Options.SnapshotPath);
        Assert.Equal(written.Activation, good.Distributor.Current);

        // Unsigned (as a server without signing keys writes it), and re-numbered with its signatures kept.
        var unsignedPath = Path.Combine(_directory, "unsigned.bin");
        await new LastGoodSnapshot(unsignedPath).WriteAsync(written.Activation with { Signature = null }, written.Bundle);
        var alteredPath = Path.Combine(_directory, "altered.bin");
        await new LastGoodSnapshot(alteredPath).WriteAsync(written.Activation with { Sequence = written.Activation.Sequence + 1 }, written.Bundle, written.BundleSignature);
        var noBundleSignaturePath = Path.Combine(_directory, "no-bundle-signature.bin");
        await new LastGoodSnapshot(noBundleSignaturePath).WriteAsync(written.Activation, written.Bundle);

        foreach (var (path, reason) in new[] { (unsignedPath, "not signed"), (alteredPath, "does not match"), (noBundleSignaturePath, "bundle is not signed") })
        {
            var refused = await StartInstanceAsync("refused-" + Path.GetFileNameWithoutExtension(path), path);
            Assert.Null(refused.Distributor.Current);
            Assert.Empty(refused.Engine.Revisions);
            Assert.Contains(refused.Logs.Messages("SnapshotRefused"), m => m.Contains(reason, StringComparison.Ordinal));
            Assert.Equal(1, refused.Logs.Count("SnapshotRefused"));
            Assert.Equal(1, _metrics.Sum(PolicyStoreMetrics.BundlesRefused, refused.Id));
            Assert.Empty(refused.Logs.WithException());
        }
    }

    [Fact]
    public async Task A_server_credential_that_may_not_report_still_follows_activations_and_says_so_once()
    {
        // A redis-server of its own, with a user like the servers' but without HSET (so no instance report).
        await using var redis = await RedisServer.StartNewAsync();
        using (var root = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var line = RedisAcl.ServerUserLine.Replace("compliance-server", "no-report", StringComparison.Ordinal)
                .Replace("SERVER_PASSWORD", "pw", StringComparison.Ordinal).Replace(" +hset", string.Empty, StringComparison.Ordinal);
            var words = line.Split(' ');
            await root.GetDatabase().ExecuteAsync(words[0], words[1..]);
        }

        var admin = await ConnectAsync(redis.ConnectionString, "root-admin", _signer);
        var (first, _) = await PutAsync(admin);
        await admin.ActivateAsync(first, "alice");
        var options = Options(redis.ConnectionString + ",user=no-report,password=pw", "no-report");
        var store = await RedisPolicyStore.ConnectAsync(options);
        _owned.Add(store);
        var engine = new RecordingEngine();
        var logs = new RecordingLogger<PolicyDistributor>();
        var distributor = new PolicyDistributor(store, options, engine.Activator, logs, verifier: _verifier);
        _owned.Add(distributor);
        await distributor.StartAsync(CancellationToken.None);
        Assert.Equal(first, distributor.Current?.Revision);

        var (second, _) = await PutAsync(admin);
        await admin.ActivateAsync(second, "alice");
        await Poll.UntilAsync(() => distributor.Current?.Revision == second, "the activation is followed", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several heartbeats

        Assert.Equal(1, logs.Count("ReportNotPermitted"));
        Assert.Equal(0, logs.Count("ConnectionLost"));
        Assert.True(distributor.IsStoreConnected);
        Assert.Empty(await admin.GetInstancesAsync());
    }

    private async Task RefusedAsync(Instance instance, int count, string revision, string reason)
    {
        await Poll.UntilAsync(() => _metrics.Sum(PolicyStoreMetrics.BundlesRefused, instance.Id) == count, $"refusal {count} is counted", TimeSpan.FromSeconds(20));
        Assert.Contains(instance.Logs.Messages("BundleRefused"), m => m.Contains(revision, StringComparison.Ordinal) && m.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(count, instance.Logs.Count("BundleRefused"));
    }

    // Someone with the admin's Redis credential but not the signing key writes an old signed activation back, numbered above.
    private async Task ReplayAsync(ActivationRecord old, long sequence)
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(_acl.AdminConnectionString);
        var db = raw.GetDatabase();
        await db.KeyDeleteAsync(Prefix + "active");
        await db.HashSetAsync(
            Prefix + "active",
            [
                new HashEntry("revision", old.Revision),
                new HashEntry("activatedAt", old.ActivatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                new HashEntry("activatedBy", old.ActivatedBy),
                new HashEntry("sequence", sequence),
                new HashEntry("signature", old.Signature),
            ]);
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + "activations"), Encoding.UTF8.GetBytes("hint"));
    }

    private static async Task<(string Revision, byte[] Bytes)> PutAsync(RedisPolicyStore store)
    {
        var bundle = Bundles.Random();
        Assert.True(await store.PutBundleAsync(bundle.Revision, bundle.Bytes));
        return bundle;
    }

    private PolicyStoreOptions Options(string connectionString, string instanceId, string? snapshotPath = null) => new()
    {
        ConnectionString = connectionString,
        KeyPrefix = Prefix,
        InstanceId = instanceId + "-" + Guid.NewGuid().ToString("N")[..8],
        SnapshotPath = snapshotPath ?? Path.Combine(_directory, instanceId + ".bin"),
        ReconnectMinBackoff = TimeSpan.FromMilliseconds(50),
        ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        ConnectTimeout = TimeSpan.FromSeconds(1),
        OperationTimeout = TimeSpan.FromSeconds(2),
    };

    private async Task<RedisPolicyStore> ConnectAsync(string connectionString, string name, PolicySigner? signer = null)
    {
        var store = await RedisPolicyStore.ConnectAsync(Options(connectionString, name), signer: signer);
        _owned.Add(store);
        return store;
    }

    private async Task<Instance> StartInstanceAsync(string name, string? snapshotPath = null)
    {
        var options = Options(_acl.ServerConnectionString, name, snapshotPath);
        var store = await RedisPolicyStore.ConnectAsync(options);
        _owned.Add(store);
        var engine = new RecordingEngine();
        var logs = new RecordingLogger<PolicyDistributor>();
        var distributor = new PolicyDistributor(store, options, engine.Activator, logs, verifier: _verifier);
        _owned.Add(distributor);
        await distributor.StartAsync(CancellationToken.None);
        return new Instance(options, distributor, engine, logs);
    }

    private sealed record Instance(PolicyStoreOptions Options, PolicyDistributor Distributor, RecordingEngine Engine, RecordingLogger<PolicyDistributor> Logs)
    {
        public string Id => Options.InstanceId;
    }
}
