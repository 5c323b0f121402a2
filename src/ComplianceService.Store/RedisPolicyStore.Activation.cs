using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceService.Engine;
using ComplianceService.Store.Internal;
using StackExchange.Redis;

namespace ComplianceService.Store;

/// <content>The active pointer, activation, rollback and history.</content>
public sealed partial class RedisPolicyStore
{
    /// <inheritdoc />
    public async Task<string?> GetActiveRevisionAsync()
    {
        var value = await RunAsync(() => _database.HashGetAsync(_keys.Active, "revision"), "read the active revision").ConfigureAwait(false);
        return value.IsNull ? null : (string?)value;
    }

    /// <inheritdoc />
    public async Task<ActivationRecord?> GetActiveAsync()
    {
        var entries = await RunAsync(() => _database.HashGetAllAsync(_keys.Active), "read the active revision").ConfigureAwait(false);
        string? revision = null, activatedAt = null, activatedBy = null, previous = null, sequenceText = null, signature = null;
        foreach (var entry in entries)
        {
            switch ((string?)entry.Name)
            {
                case "revision": revision = entry.Value; break;
                case "activatedAt": activatedAt = entry.Value; break;
                case "activatedBy": activatedBy = entry.Value; break;
                case "previousRevision": previous = entry.Value; break;
                case "sequence": sequenceText = entry.Value; break;
                case "signature": signature = entry.Value; break;
            }
        }

        if (revision is null)
        {
            return null;
        }

        var at = DateTimeOffset.MinValue;
        if (activatedAt is not null)
        {
            try
            {
                at = ActivationRecordJson.ParseTime(activatedAt);
            }
            catch (FormatException)
            {
                // A hand-edited pointer still names a revision; the time is only informative.
            }
        }

        // A sequence that is not a number counts as unknown (0), like a pointer written before there were sequence numbers.
        _ = ActivationRecordJson.TryParseSequence(sequenceText, out var sequence);
        return new ActivationRecord(revision, at, activatedBy ?? string.Empty, previous) { Sequence = sequence, Signature = signature };
    }

    /// <inheritdoc />
    public async Task<ActivationRecord> ActivateAsync(string revision, string activatedBy)
    {
        if (!BundleRevision.IsWellFormed(revision))
        {
            throw new ArgumentException("A revision is 64 lowercase hex digits (the SHA-256 of the bundle).", nameof(revision));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(activatedBy);
        return await RunActivationAsync(ActivationScript.Mode.Activate, revision, activatedBy).ConfigureAwait(false)
            ?? throw new PolicyStoreException("The activation script returned no record.");
    }

    /// <inheritdoc />
    public async Task<ActivationRecord?> RollbackAsync(string activatedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activatedBy);
        for (var attempt = 1; ; attempt++)
        {
            var previous = (await GetActiveAsync().ConfigureAwait(false))?.PreviousRevision;
            if (previous is null)
            {
                return null;
            }

            try
            {
                return await RunActivationAsync(ActivationScript.Mode.Rollback, previous, activatedBy).ConfigureAwait(false);
            }
            catch (PointerMovedException) when (attempt < MaxAttempts)
            {
                // Someone activated in between: roll back from where the pointer is now.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivationRecord>> GetHistoryAsync(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        var values = await RunAsync(() => _database.ListRangeAsync(_keys.History, 0, max - 1), "read the activation history").ConfigureAwait(false);
        var records = new List<ActivationRecord>(values.Length);
        foreach (var value in values)
        {
            try
            {
                records.Add(ActivationRecordJson.Parse((byte[])value!));
            }
            catch (FormatException ex)
            {
                _logger.MalformedHistoryEntry(ex.Message);
            }
        }

        return records;
    }

    private const int MaxAttempts = 3;

    // Reads and verifies the bundle, then runs the script with the verified bytes pinned (SHA-1), so nothing moves unless the
    // bundle Redis holds when the pointer moves is the one that was verified. Bytes replaced in between are read and verified again.
    // With a signer, the activation is numbered and signed here, after the pointer it replaces (see SignedActivationAsync).
    private async Task<ActivationRecord?> RunActivationAsync(ActivationScript.Mode mode, string revision, string activatedBy)
    {
        var keys = ActivationScript.Keys(_keys);
        for (var attempt = 1; ; attempt++)
        {
            var bundle = await GetBundleAsync(revision).ConfigureAwait(false) ?? throw new RevisionNotStoredException(revision);
            if (!BundleRevision.Matches(revision, bundle))
            {
                throw new BundleDamagedException(revision);
            }

            var pin = Convert.ToHexStringLower(SHA1.HashData(bundle));
            var now = NowText();
            var signed = _signer is null ? null : await SignedActivationAsync(mode, revision, activatedBy, now).ConfigureAwait(false);
            var values = ActivationScript.Arguments(_keys, mode, revision, pin, activatedBy, now, _options.HistoryLimit, Guid.NewGuid().ToString("N"), signed);
            var result = await RunAsync(() => _database.ScriptEvaluateAsync(ActivationScript.Source, keys, values), "activate a revision").ConfigureAwait(false);
            var parts = (RedisResult[])result!;
            var status = (string?)parts[0];
            switch (status)
            {
                case "ok":
                case "unchanged":
                    return ActivationRecordJson.Parse(Encoding.UTF8.GetBytes((string)parts[1]!));
                case "not-stored":
                    throw new RevisionNotStoredException((string)parts[1]!);
                case "changed" or "stale" when attempt < MaxAttempts:
                    continue;
                case "stale":
                    throw new PolicyStoreException("The active revision kept changing while a signed activation was being made; nothing was activated.");
                case "changed":
                    throw new PolicyStoreException($"The bundle of revision '{revision}' kept changing while it was being activated; nothing was activated.");
                case "no-previous":
                    return null;
                case "moved":
                    throw new PointerMovedException();
                default:
                    throw new PolicyStoreException("The activation script answered '" + status + "'.");
            }
        }
    }

    // Numbers and signs the activation the script is to write: replacing the pointer as it is now, numbered above it (and at
    // least the Redis server's clock in milliseconds, as the script numbers unsigned ones). The script writes it only if the
    // pointer still names the same revision and the number is still above the pointer's ('stale' otherwise: read and sign
    // again). Also signs the bundle's revision, so that activating or rolling back to a bundle stored unsigned makes it servable.
    private async Task<ActivationScript.SignedActivation> SignedActivationAsync(ActivationScript.Mode mode, string revision, string activatedBy, string activatedAt)
    {
        var current = await GetActiveAsync().ConfigureAwait(false);
        if (mode == ActivationScript.Mode.Rollback && current?.PreviousRevision != revision)
        {
            throw new PointerMovedException();
        }

        var time = (RedisResult[])(await RunAsync(() => _database.ExecuteAsync("TIME"), "read the Redis server's clock").ConfigureAwait(false))!;
        var now = (long.Parse((string)time[0]!, CultureInfo.InvariantCulture) * 1000) + (long.Parse((string)time[1]!, CultureInfo.InvariantCulture) / 1000);
        var record = new ActivationRecord(revision, ActivationRecordJson.ParseTime(activatedAt), activatedBy, current?.Revision)
        {
            Sequence = Math.Max((current?.Sequence ?? 0) + 1, now),
        };
        await RunAsync(() => _database.StringSetAsync(_keys.Signature(revision), _signer!.SignBundle(revision)), "store a bundle signature").ConfigureAwait(false);
        return new ActivationScript.SignedActivation(record.Sequence, _signer!.SignActivation(record), current?.Revision);
    }

    /// <summary>A rollback found another previous revision than the one it verified: the pointer moved in between.</summary>
    private sealed class PointerMovedException() : PolicyStoreException("The active revision changed during the rollback; nothing was rolled back.");
}
