using StackExchange.Redis;

namespace ComplianceService.Store.Internal;

/// <summary>
/// The Lua script that activates (or rolls back) in one atomic step on the Redis server: check the bundle
/// exists, set the active pointer, push the record onto the history, trim it, and publish the record.
/// Atomicity matters because two operators may activate at once; every instance must see the same order.
/// </summary>
internal static class ActivationScript
{
    // KEYS[1] active hash, KEYS[2] history list.
    // ARGV[1] bundle key prefix, ARGV[2] revision ('' = roll back to the active pointer's previousRevision),
    // ARGV[3] activatedBy, ARGV[4] activatedAt (ISO 8601 UTC), ARGV[5] channel, ARGV[6] history limit,
    // ARGV[7] request id (new for every call).
    // Returns {'ok', recordJson} | {'unchanged', activeRecordJson} | {'not-stored', revision} | {'no-previous'}.
    // The bundle key is derived inside the script for a rollback; fine on one Redis node (not Cluster).
    //
    // Running the same call twice must not act twice: a command delivered again (a client resend after a broken
    // connection) would otherwise activate a revision over itself, leaving previousRevision == revision, and a
    // later rollback would "return" to the revision it is on. So the active pointer keeps the request id that set
    // it, and a call whose id is already there answers with the record it made. Activating the revision that is
    // already active is likewise no change: no history entry, no message.
    public const string Source = """
        local current = redis.call('HMGET', KEYS[1], 'revision', 'activatedAt', 'activatedBy', 'previousRevision', 'request')
        local previous = current[1]
        local function activeRecord()
          local active = {revision = current[1], activatedAt = current[2], activatedBy = current[3]}
          if current[4] then active.previousRevision = current[4] end
          return cjson.encode(active)
        end
        if previous and current[5] == ARGV[7] then return {'ok', activeRecord()} end
        local revision = ARGV[2]
        if revision == '' then
          if not previous then return {'no-previous'} end
          revision = current[4]
          if not revision then return {'no-previous'} end
        end
        if revision == previous then return {'unchanged', activeRecord()} end
        if redis.call('EXISTS', ARGV[1] .. revision) == 0 then return {'not-stored', revision} end
        local record = {revision = revision, activatedAt = ARGV[4], activatedBy = ARGV[3]}
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'revision', revision, 'activatedAt', ARGV[4], 'activatedBy', ARGV[3], 'request', ARGV[7])
        if previous then
          record.previousRevision = previous
          redis.call('HSET', KEYS[1], 'previousRevision', previous)
        end
        local json = cjson.encode(record)
        redis.call('LPUSH', KEYS[2], json)
        redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
        redis.call('PUBLISH', ARGV[5], json)
        return {'ok', json}
        """;

    /// <summary>The script's KEYS, in order.</summary>
    public static RedisKey[] Keys(RedisKeys keys) => [keys.Active, keys.History];

    /// <summary>The script's ARGV, in order; <paramref name="revision"/> empty means roll back.</summary>
    public static RedisValue[] Arguments(RedisKeys keys, string revision, string activatedBy, string activatedAt, int historyLimit, string requestId) =>
    [
        keys.BundlePrefix,
        revision,
        activatedBy,
        activatedAt,
        (string)keys.Activations!,
        Math.Max(1, historyLimit).ToString(System.Globalization.CultureInfo.InvariantCulture),
        requestId,
    ];
}
