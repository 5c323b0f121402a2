using System.Globalization;
using StackExchange.Redis;

namespace ComplianceService.Store.Internal;

/// <summary>
/// The Lua script that activates (or rolls back) in one atomic step on the Redis server: check that the bundle is still the
/// one the caller verified, number the activation, set the active pointer, push the record onto the history, trim it, and
/// announce it. Atomicity matters because two operators may activate at once; every instance must see the same order.
/// </summary>
internal static class ActivationScript
{
    /// <summary>What the script is asked to do.</summary>
    public enum Mode
    {
        /// <summary>Make the given revision active.</summary>
        Activate,

        /// <summary>Re-activate the given revision, which must still be the active pointer's previous revision.</summary>
        Rollback,
    }

    // KEYS[1] active hash, KEYS[2] history list.
    // ARGV[1] bundle key prefix, ARGV[2] revision, ARGV[3] activatedBy, ARGV[4] activatedAt (ISO 8601 UTC), ARGV[5] channel,
    // ARGV[6] history limit, ARGV[7] request id (new for every call), ARGV[8] 'activate' | 'rollback',
    // ARGV[9] SHA-1 (hex) of the bundle bytes the caller read and verified against the revision, ARGV[10] the bundle hash's data field,
    // ARGV[11] the sequence number the caller signed ('' when unsigned), ARGV[12] the activation's signature, ARGV[13] the revision
    // the caller read as active (the signed previousRevision; '' for none).
    // Returns {'ok', recordJson} | {'unchanged', activeRecordJson} | {'not-stored', revision} | {'changed', revision}
    //       | {'no-previous'} | {'moved', previousRevision} | {'stale'}.
    //
    // A signed activation (compliancectl --signing-key) is numbered and signed by the caller, since the signature covers every
    // field: the script then writes exactly the signed fields, and only if the pointer still names the revision the caller read
    // and the caller's number is still above the pointer's; otherwise it answers 'stale' (read, number and sign again).
    //
    // The caller verifies the bundle's bytes (SHA-256 = revision) before calling; SHA-256 is not available in Redis Lua, so the
    // script pins those bytes with SHA-1: if the stored bytes are not the verified ones any more, it answers 'changed' and moves
    // nothing. A rollback names the revision the caller verified and answers 'moved' if the pointer's previous revision is
    // another one by now. Bundle keys are derived inside the script; fine on one Redis node (not Cluster).
    //
    // The sequence number is the larger of the previous one plus one and the Redis server's clock in milliseconds: strictly
    // increasing while the pointer lives, and still above the old numbers when Redis comes back empty or without its latest
    // writes (as long as its clock has not gone back). Servers never apply an activation numbered below the one they serve.
    //
    // Running the same call twice must not act twice: a command delivered again (a client resend after a broken connection)
    // would otherwise activate a revision over itself, leaving previousRevision == revision, and a later rollback would
    // "return" to the revision it is on. So the active pointer keeps the request id that set it, and a call whose id is already
    // there answers with the record it made. Activating the revision that is already active is likewise no change: no history
    // entry, no announcement.
    //
    // The announcement on the channel is the new sequence number and nothing else: a hint to re-read the active pointer.
    public const string Source = """
        local current = redis.call('HMGET', KEYS[1], 'revision', 'activatedAt', 'activatedBy', 'previousRevision', 'request', 'sequence', 'signature')
        local active = current[1]
        local function activeRecord()
          local record = {revision = current[1], activatedAt = current[2], activatedBy = current[3]}
          if current[4] then record.previousRevision = current[4] end
          if current[6] then record.sequence = tonumber(current[6]) end
          if current[7] then record.signature = current[7] end
          return cjson.encode(record)
        end
        if active and current[5] == ARGV[7] then return {'ok', activeRecord()} end
        local revision = ARGV[2]
        if ARGV[8] == 'rollback' then
          if not active or not current[4] then return {'no-previous'} end
          if current[4] ~= revision then return {'moved', current[4]} end
        elseif revision == active then
          return {'unchanged', activeRecord()}
        end
        local bytes = redis.call('HGET', ARGV[1] .. revision, ARGV[10])
        if not bytes then return {'not-stored', revision} end
        if redis.sha1hex(bytes) ~= ARGV[9] then return {'changed', revision} end
        local sequence
        local sequenceText
        if ARGV[11] ~= '' then
          sequence = tonumber(ARGV[11])
          if (active or '') ~= ARGV[13] or sequence <= ((current[6] and tonumber(current[6])) or 0) then return {'stale'} end
          sequenceText = ARGV[11]
        else
          local time = redis.call('TIME')
          local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
          sequence = math.max(((current[6] and tonumber(current[6])) or 0) + 1, now)
          sequenceText = string.format('%d', sequence)
        end
        local record = {revision = revision, activatedAt = ARGV[4], activatedBy = ARGV[3], sequence = sequence}
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'revision', revision, 'activatedAt', ARGV[4], 'activatedBy', ARGV[3], 'request', ARGV[7], 'sequence', sequenceText)
        if ARGV[12] ~= '' then
          record.signature = ARGV[12]
          redis.call('HSET', KEYS[1], 'signature', ARGV[12])
        end
        if active then
          record.previousRevision = active
          redis.call('HSET', KEYS[1], 'previousRevision', active)
        end
        local json = cjson.encode(record)
        redis.call('LPUSH', KEYS[2], json)
        redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
        redis.call('PUBLISH', ARGV[5], sequenceText)
        return {'ok', json}
        """;

    /// <summary>The script's KEYS, in order.</summary>
    public static RedisKey[] Keys(RedisKeys keys) => [keys.Active, keys.History];

    /// <summary>The script's ARGV, in order.</summary>
    /// <param name="keys">The store's key names.</param>
    /// <param name="mode">Activate, or roll back to <paramref name="revision"/>.</param>
    /// <param name="revision">The revision to activate (or roll back to), whose bundle the caller has verified.</param>
    /// <param name="verifiedSha1">Lowercase hex SHA-1 of the verified bundle bytes.</param>
    /// <param name="activatedBy">Who activates.</param>
    /// <param name="activatedAt">When, as ISO 8601 UTC.</param>
    /// <param name="historyLimit">How many history entries to keep.</param>
    /// <param name="requestId">New for every call, the same when a call is sent again.</param>
    /// <param name="signed">The caller's number and signature of this activation, or <see langword="null"/> for an unsigned one.</param>
    public static RedisValue[] Arguments(
        RedisKeys keys, Mode mode, string revision, string verifiedSha1, string activatedBy, string activatedAt, int historyLimit, string requestId, SignedActivation? signed = null) =>
    [
        keys.BundlePrefix,
        revision,
        activatedBy,
        activatedAt,
        (string)keys.Activations!,
        Math.Max(1, historyLimit).ToString(CultureInfo.InvariantCulture),
        requestId,
        mode == Mode.Rollback ? "rollback" : "activate",
        verifiedSha1,
        RedisKeys.BundleDataField,
        signed is null ? string.Empty : signed.Sequence.ToString(CultureInfo.InvariantCulture),
        signed?.Signature ?? string.Empty,
        signed?.PreviousRevision ?? string.Empty,
    ];

    /// <summary>An activation numbered and signed by the caller (<see cref="PolicySigner"/>).</summary>
    /// <param name="Sequence">Its number, above the pointer's when the caller read it.</param>
    /// <param name="Signature">The signature of the record the script is to write.</param>
    /// <param name="PreviousRevision">The revision the caller read as active, which the signed record names as previous.</param>
    public sealed record SignedActivation(long Sequence, string Signature, string? PreviousRevision);
}
