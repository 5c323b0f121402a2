using System.Diagnostics.CodeAnalysis;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Internal;
using ComplianceService.Store;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace ComplianceService.Policy;

/// <summary>
/// Redis mode (<c>ConnectionStrings:Redis</c> set): the active bundle comes from the shared
/// store. The <see cref="PolicyDistributor"/> follows the active pointer and fetches and verifies
/// each activation (revision = SHA-256 of the bytes, hashed once); this class is its sink, which
/// loads the tables and swaps them in. The last good snapshot on disk covers a cold start with
/// Redis unreachable. A bundle the engine cannot load is refused and the old revision keeps serving; so is, with
/// <c>Compliance:Security:PolicySigningKeys</c> set, a bundle or activation not signed by one of those keys.
/// </summary>
public sealed class RedisPolicySource(
    ActivePolicy active,
    IOptions<ComplianceOptions> options,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<RedisPolicySource>();
    private RedisPolicyStore? _store;
    private PolicyDistributor? _distributor;
    private PolicySignatureVerifier? _verifier;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Compliance:Store, with the connection from ConnectionStrings:Redis and the snapshot path resolved
        // against the content root (ComplianceOptions' post-configuration).
        var storeOptions = options.Value.Store;
        _store = await RedisPolicyStore.ConnectAsync(storeOptions, loggers.CreateLogger<RedisPolicyStore>()).ConfigureAwait(false);
        // Signed policy: with Compliance:Security:PolicySigningKeys (validated at start-up, paths resolved against the content root)
        // only bundles and activations signed by one of those keys are served.
        var signingKeys = options.Value.Security.PolicySigningKeys;
        _verifier = signingKeys.Count == 0 ? null : PolicySignatureVerifier.FromKeys(signingKeys, Environment.CurrentDirectory);
        _distributor = new PolicyDistributor(_store, storeOptions, TryActivate, loggers.CreateLogger<PolicyDistributor>(), verifier: _verifier);
        await _distributor.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_distributor.Current is null)
        {
            Log.NoPolicyToServe(_logger);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_distributor is not null)
        {
            await _distributor.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_distributor is not null)
        {
            await _distributor.DisposeAsync().ConfigureAwait(false);
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        _verifier?.Dispose();
    }

    // The sink of the distribution: the distributor has verified the bundle (it is not hashed again here) and writes the one
    // log line of the activation or the refusal, with the reason given here.
    private bool TryActivate(ActivationRecord activation, VerifiedBundle bundle, [NotNullWhen(false)] out string? refusal)
    {
        PolicySnapshot snapshot;
        try
        {
            snapshot = PolicySnapshot.Load(bundle);
        }
        catch (PolicyBundleException e)
        {
            refusal = e.Message.TrimEnd('.');
            return false;
        }

        active.Activate(snapshot, new PolicyRevision
        {
            Revision = activation.Revision,
            ActivatedAt = Timestamp.FromDateTimeOffset(activation.ActivatedAt),
            ActivatedBy = activation.ActivatedBy,
            PreviousRevision = activation.PreviousRevision ?? string.Empty,
        });
        refusal = null;
        return true;
    }
}
