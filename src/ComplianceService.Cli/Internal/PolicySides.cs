using ComplianceService.Engine;
using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// The two sides of <c>diff</c> (and the one of <c>coverage</c>): each a policy folder (compiled here), a compiled
/// bundle file, or a revision in the Redis store (64 hex digits, a prefix of the activation history, or
/// <c>active</c>). The store is connected to once, when a side first needs it, and disposed with this object.
/// </summary>
internal sealed class PolicySides(CliConsole console, string? redis, string prefix) : IAsyncDisposable
{
    /// <summary>The word that names the active revision of the store.</summary>
    public const string Active = "active";

    private RedisPolicyStore? _store;

    /// <summary>The snapshot <paramref name="value"/> names; failures name <paramref name="option"/>.</summary>
    public async Task<(PolicySnapshot Snapshot, string Name)> LoadAsync(string option, string value)
    {
        if (Directory.Exists(value))
        {
            var folder = new DirectoryInfo(value);
            var compilation = await PolicyBuild.CompileAsync(console, folder, seeds: null, failOnErrors: false).ConfigureAwait(false);
            if (!compilation.Succeeded)
            {
                throw new CommandFailure(ExitCodes.Usage, $"{option}: {compilation.Diagnostics.Count} error(s) in {folder.FullName}");
            }

            return (PolicySnapshot.Load(compilation.Verified), $"{folder.FullName} (revision {Formats.Short(compilation.Revision)})");
        }

        if (File.Exists(value))
        {
            var file = new FileInfo(value);
            try
            {
                var snapshot = PolicySnapshot.Load(await File.ReadAllBytesAsync(file.FullName).ConfigureAwait(false));
                return (snapshot, $"{file.FullName} (revision {Formats.Short(snapshot.Revision)})");
            }
            catch (PolicyBundleException ex)
            {
                throw new CommandFailure(ExitCodes.Usage, $"{option}: {file.FullName} is not a policy bundle: {ex.Message}");
            }
        }

        var wanted = value.Trim().ToLowerInvariant();
        if (wanted != Active && !StoredRevisions.IsRevisionLike(wanted))
        {
            throw new CommandFailure(
                ExitCodes.Usage,
                $"{option}: '{value}' is neither a policy folder, a bundle file, '{Active}', nor a revision (64 hex digits or a prefix of at least {StoredRevisions.MinPrefixLength})");
        }

        if (redis is null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CommonOptions.RedisEnvironmentVariable)))
        {
            throw new CommandFailure(
                ExitCodes.Usage,
                $"{option}: '{value}' is no folder or file here; to name a stored revision, give --redis (or set {CommonOptions.RedisEnvironmentVariable})");
        }

        _store ??= await StoreSession.ConnectAsync(console, redis, prefix).ConfigureAwait(false);
        var revision = wanted == Active
            ? await _store.GetActiveRevisionAsync().ConfigureAwait(false)
                ?? throw new CommandFailure(ExitCodes.RevisionNotFound, $"{option}: no revision is active (nothing was ever published)")
            : await StoredRevisions.ResolveAsync(_store, wanted).ConfigureAwait(false);
        return (await StoredRevisions.LoadAsync(_store, revision).ConfigureAwait(false), $"revision {revision}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
