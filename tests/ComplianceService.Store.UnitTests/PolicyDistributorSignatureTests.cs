using System.Security.Cryptography;
using ComplianceService.Testing.Logging;

namespace ComplianceService.Store.UnitTests;

/// <summary>
/// The distributor with trusted signing keys against an in-memory store on a fake clock: which signature problem is refused
/// for good and which is tried again at each heartbeat, and that each refusal is one log line.
/// </summary>
public sealed class PolicyDistributorSignatureTests : IAsyncLifetime
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-signed-clock-").FullName;
    private readonly WatchedClock _clock = new();
    private readonly FakePolicyStore _store;
    private readonly RecordingLogger<PolicyDistributor> _logs = new();
    private readonly ECDsa _key = ECDsa.Create(PolicySignature.Curve);
    private readonly ECDsa _otherKey = ECDsa.Create(PolicySignature.Curve);
    private readonly PolicySigner _signer;
    private readonly PolicySigner _otherSigner;
    private readonly PolicySignatureVerifier _verifier;
    private PolicyDistributor? _distributor;

    public PolicyDistributorSignatureTests()
    {
        _store = new FakePolicyStore(_clock);
        _signer = PolicySigner.FromPem(_key.ExportPkcs8PrivateKeyPem());
        _otherSigner = PolicySigner.FromPem(_otherKey.ExportPkcs8PrivateKeyPem());
        _verifier = PolicySignatureVerifier.FromKeys([_key.ExportSubjectPublicKeyInfoPem()], _directory);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_distributor is not null)
        {
            await _distributor.DisposeAsync();
        }

        _signer.Dispose();
        _otherSigner.Dispose();
        _verifier.Dispose();
        _key.Dispose();
        _otherKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_signed_activation_whose_bundle_signature_is_wrong_waits_and_is_served_once_the_right_one_is_stored()
    {
        var activation = Signed(_store.Put(RandomNumberGenerator.GetBytes(512), sequence: 5));
        _store.Active = activation;
        _store.Signatures[activation.Revision] = _otherSigner.SignBundle(activation.Revision);

        var distributor = await StartAsync();
        Assert.Null(distributor.Current);
        Assert.Contains(_logs.Messages("BundleRefused"), m => m.Contains("its bundle's signature does not match the revision", StringComparison.Ordinal));

        // Still wrong at the next heartbeat: tried again quietly, not logged again.
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        _clock.Advance(Heartbeat);
        await _store.ReadsReachAsync(2);
        await Poll.UntilAsync(() => _logs.Count("BundleStillRefused") == 1, "the retry is logged at debug level", TimeSpan.FromSeconds(10));

        // The admin stores the right signature (publish again): the next heartbeat serves it.
        _store.Signatures[activation.Revision] = _signer.SignBundle(activation.Revision);
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        _clock.Advance(Heartbeat);
        await _store.ReadsReachAsync(3);
        await Poll.UntilAsync(() => distributor.Current == activation, "the activation is served", TimeSpan.FromSeconds(10));
        Assert.Equal(1, _logs.Count("BundleRefused"));
        Assert.Empty(_logs.WithException());
    }

    [Fact]
    public async Task An_activation_signed_by_another_key_is_refused_once_and_not_fetched_again_and_the_served_one_stays()
    {
        var first = Signed(_store.Put(RandomNumberGenerator.GetBytes(512), sequence: 1));
        _store.Signatures[first.Revision] = _signer.SignBundle(first.Revision);
        _store.Active = first;
        var distributor = await StartAsync();
        Assert.Equal(first, distributor.Current);

        var foreign = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 2);
        foreign = foreign with { Signature = _otherSigner.SignActivation(foreign) };
        _store.Signatures[foreign.Revision] = _signer.SignBundle(foreign.Revision); // even with a good bundle signature
        _store.Active = foreign;
        for (var reads = 2; reads <= 4; reads++)
        {
            Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        _clock.Advance(Heartbeat);
            await _store.ReadsReachAsync(reads);
        }

        await Poll.UntilAsync(() => _logs.Count("BundleRefused") == 1, "the foreign activation is refused", TimeSpan.FromSeconds(10));
        Assert.Contains(_logs.Messages("BundleRefused"), m => m.Contains(foreign.Revision, StringComparison.Ordinal) && m.Contains("still serving " + first.Revision, StringComparison.Ordinal));
        Assert.Equal(0, _logs.Count("BundleStillRefused"));
        Assert.Equal(first, distributor.Current);
    }

    private ActivationRecord Signed(ActivationRecord activation) => activation with { Signature = _signer.SignActivation(activation) };

    private async Task<PolicyDistributor> StartAsync()
    {
        var options = new PolicyStoreOptions
        {
            InstanceId = "web-1",
            SnapshotPath = Path.Combine(_directory, "last-good.bin"),
            HeartbeatInterval = Heartbeat,
        };
        _distributor = new PolicyDistributor(_store, options, Engine, _logs, timeProvider: _clock, verifier: _verifier);
        await _distributor.StartAsync(CancellationToken.None);
        return _distributor;
    }

    private static bool Engine(ActivationRecord activation, VerifiedBundle bundle, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? refusal)
    {
        refusal = null;
        return true;
    }
}
