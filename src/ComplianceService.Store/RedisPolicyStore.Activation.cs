using System.Text;
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
        string? revision = null, activatedAt = null, activatedBy = null, previous = null;
        foreach (var entry in entries)
        {
            switch ((string?)entry.Name)
            {
                case "revision": revision = entry.Value; break;
                case "activatedAt": activatedAt = entry.Value; break;
                case "activatedBy": activatedBy = entry.Value; break;
                case "previousRevision": previous = entry.Value; break;
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

        return new ActivationRecord(revision, at, activatedBy ?? string.Empty, previous);
    }

    /// <inheritdoc />
    public async Task<ActivationRecord> ActivateAsync(string revision, string activatedBy)
    {
        if (!BundleRevision.IsWellFormed(revision))
        {
            throw new ArgumentException("A revision is 64 lowercase hex digits (the SHA-256 of the bundle).", nameof(revision));
        }

        return await RunActivationAsync(revision, activatedBy).ConfigureAwait(false)
            ?? throw new PolicyStoreException("The activation script returned no record.");
    }

    /// <inheritdoc />
    public Task<ActivationRecord?> RollbackAsync(string activatedBy) => RunActivationAsync(string.Empty, activatedBy);

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
                _logger.MalformedActivationMessage(ex);
            }
        }

        return records;
    }

    private async Task<ActivationRecord?> RunActivationAsync(string revision, string activatedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activatedBy);
        var keys = ActivationScript.Keys(_keys);
        var values = ActivationScript.Arguments(_keys, revision, activatedBy, NowText(), _options.HistoryLimit, Guid.NewGuid().ToString("N"));
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
            case "no-previous":
                return null;
            default:
                throw new PolicyStoreException("The activation script answered '" + status + "'.");
        }
    }
}
