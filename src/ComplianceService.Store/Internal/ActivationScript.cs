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
    // ARGV[3] activatedBy, ARGV[4] activatedAt (ISO 8601 UTC), ARGV[5] channel, ARGV[6] history limit.
    // Returns {'ok', recordJson} | {'not-stored', revision} | {'no-previous'}.
    // The bundle key is derived inside the script for a rollback; fine on one Redis node (not Cluster).
    public const string Source = """
        local previous = redis.call('HGET', KEYS[1], 'revision')
        local revision = ARGV[2]
        if revision == '' then
          if not previous then return {'no-previous'} end
          revision = redis.call('HGET', KEYS[1], 'previousRevision')
          if not revision then return {'no-previous'} end
        end
        if redis.call('EXISTS', ARGV[1] .. revision) == 0 then return {'not-stored', revision} end
        local record = {revision = revision, activatedAt = ARGV[4], activatedBy = ARGV[3]}
        redis.call('DEL', KEYS[1])
        if previous then
          record.previousRevision = previous
          redis.call('HSET', KEYS[1], 'revision', revision, 'activatedAt', ARGV[4], 'activatedBy', ARGV[3], 'previousRevision', previous)
        else
          redis.call('HSET', KEYS[1], 'revision', revision, 'activatedAt', ARGV[4], 'activatedBy', ARGV[3])
        end
        local json = cjson.encode(record)
        redis.call('LPUSH', KEYS[2], json)
        redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
        redis.call('PUBLISH', ARGV[5], json)
        return {'ok', json}
        """;
}
