using System.Text;
using System.Text.Json;
using ComplianceService.Store.Internal;
using StackExchange.Redis;

namespace ComplianceService.Store;

/// <content>Which instance serves which revision: one hash field per instance, stale fields dropped on read.</content>
public sealed partial class RedisPolicyStore
{
    /// <inheritdoc />
    public Task ReportLoadedAsync(string instanceId, string revision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        var entry = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["revision"] = revision,
            ["lastSeen"] = NowText(),
        });
        return RunAsync(() => _database.HashSetAsync(_keys.Instances, instanceId, entry), "report the loaded revision");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InstanceStatus>> GetInstancesAsync()
    {
        var entries = await RunAsync(() => _database.HashGetAllAsync(_keys.Instances), "read the instances").ConfigureAwait(false);
        var staleBefore = _time.GetUtcNow() - _options.EffectiveInstanceStaleAfter;
        var live = new List<InstanceStatus>(entries.Length);
        List<RedisValue>? stale = null;
        foreach (var entry in entries)
        {
            string instanceId = entry.Name!;
            if (!TryParseInstance(instanceId, entry.Value, out var status))
            {
                _logger.MalformedInstanceEntry(instanceId);
                (stale ??= []).Add(entry.Name);
            }
            else if (status.LastSeen < staleBefore)
            {
                (stale ??= []).Add(entry.Name);
            }
            else
            {
                live.Add(status);
            }
        }

        if (stale is not null)
        {
            // Best effort: an instance reporting again in between simply re-creates its field.
            try
            {
                _database.HashDelete(_keys.Instances, stale.ToArray(), CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // The next read tries again; the stale entries are already left out of the answer.
            }
        }

        live.Sort(static (a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return live;
    }

    private static bool TryParseInstance(string instanceId, RedisValue value, out InstanceStatus status)
    {
        status = null!;
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes((string)value!));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("revision"u8, out var revision) || revision.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("lastSeen"u8, out var lastSeen) || lastSeen.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            status = new InstanceStatus(instanceId, revision.GetString()!, ActivationRecordJson.ParseTime(lastSeen.GetString()!));
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return false;
        }
    }
}
