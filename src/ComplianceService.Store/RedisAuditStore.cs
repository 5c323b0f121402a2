using System.Globalization;
using StackExchange.Redis;

namespace ComplianceService.Store;

/// <summary>
/// The audit trail's copy in Redis: one stream, <c>{prefix}audit</c>, of every server's records as their segment lines
/// (fields <c>w</c>, the writer, and <c>r</c>, the line), so auditors read every server's decisions in one place.
/// </summary>
/// <remarks>
/// <para>Appending is idempotent by decision id: a script adds a record only if its id is not yet in the day's id set
/// (<c>{prefix}audit:ids:{yyyyMMdd}</c> of the record's time, kept as long as the stream's retention), so replaying a
/// server's local segments after an outage stores each record once however often it is sent.</para>
/// <para>Entries older than the retention are trimmed as records are added (<c>XADD MINID ~</c>).</para>
/// </remarks>
public sealed class RedisAuditStore : IAsyncDisposable
{
    // KEYS[1] the stream; ARGV: retention in ms, now in ms, then per record: id-set key, decision id, writer, line.
    private const string AppendScript = """
        local minid = tonumber(ARGV[2]) - tonumber(ARGV[1])
        local added = 0
        for i = 3, #ARGV, 4 do
          if redis.call('SADD', ARGV[i], ARGV[i + 1]) == 1 then
            redis.call('PEXPIRE', ARGV[i], ARGV[1])
            redis.call('XADD', KEYS[1], 'MINID', '~', minid, '*', 'w', ARGV[i + 2], 'r', ARGV[i + 3])
            added = added + 1
          end
        end
        return added
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _timeout;

    private RedisAuditStore(ConnectionMultiplexer connection, string prefix, TimeSpan retention, TimeSpan timeout)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _prefix = prefix;
        _retention = retention;
        _timeout = timeout;
    }

    /// <summary>The stream's key.</summary>
    public string StreamKey => _prefix + "audit";

    /// <summary>Connects (in the background when Redis is unreachable, like the policy store).</summary>
    public static async Task<RedisAuditStore> ConnectAsync(PolicyStoreOptions options, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = await ConnectionMultiplexer.ConnectAsync(RedisPolicyStore.ClientConfiguration(options)).ConfigureAwait(false);
        return new RedisAuditStore(connection, options.KeyPrefix, retention, options.OperationTimeout);
    }

    /// <summary>Adds records not yet stored; returns how many were new. Throws <see cref="PolicyStoreUnavailableException"/>
    /// when Redis cannot be reached.</summary>
    public async Task<int> AppendAsync(string writer, IReadOnlyList<(string DecisionId, DateTimeOffset Time, string Line)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return 0;
        }

        var arguments = new RedisValue[2 + (records.Count * 4)];
        arguments[0] = (long)_retention.TotalMilliseconds;
        arguments[1] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < records.Count; i++)
        {
            var (id, time, line) = records[i];
            arguments[2 + (i * 4)] = _prefix + "audit:ids:" + time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            arguments[3 + (i * 4)] = id;
            arguments[4 + (i * 4)] = writer;
            arguments[5 + (i * 4)] = line;
        }

        try
        {
            var result = await _database.ScriptEvaluateAsync(AppendScript, [StreamKey], arguments).WaitAsync(_timeout).ConfigureAwait(false);
            return (int)result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new PolicyStoreUnavailableException("Could not add audit records to Redis: " + e.Message, e);
        }
    }

    /// <summary>Every record in the stream, oldest first, as (writer, segment line).</summary>
    public async IAsyncEnumerable<(string Writer, string Line)> ReadAsync()
    {
        RedisValue after = "-";
        while (true)
        {
            StreamEntry[] page;
            try
            {
                page = await _database.StreamRangeAsync(StreamKey, after, "+", 1000).WaitAsync(_timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                throw new PolicyStoreUnavailableException("Could not read the audit stream: " + e.Message, e);
            }

            foreach (var entry in page)
            {
                yield return ((string?)entry["w"] ?? "", (string?)entry["r"] ?? "");
            }

            if (page.Length < 1000)
            {
                yield break;
            }

            after = "(" + page[^1].Id;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.CloseAsync().ConfigureAwait(false);
        _connection.Dispose();
    }
}
