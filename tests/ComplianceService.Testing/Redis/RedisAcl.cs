using StackExchange.Redis;

namespace ComplianceService.Testing.Redis;

/// <summary>
/// The two Redis 7 ACL users of the README ("Signed policy and Redis credentials"), set up on a test redis-server with the
/// README's own lines (default key prefix <c>compliance:</c>): the servers' user, which may read the policy keys, subscribe to
/// the announcements, report its instance and append audit records, and the admin user of compliancectl. The <c>default</c>
/// user is switched off, so nothing connects without one of the two credentials.
/// </summary>
public sealed class RedisAcl
{
    /// <summary>The README's line for the servers' user; <c>SERVER_PASSWORD</c> stands for its password.</summary>
    public const string ServerUserLine =
        "ACL SETUSER compliance-server on >SERVER_PASSWORD resetkeys resetchannels -@all +@connection -@dangerous "
        + "+get +hget +hmget +hgetall +lrange +hset +xadd +eval +evalsha +sadd +pexpire +subscribe +unsubscribe "
        + "%R~compliance:* %W~compliance:instances ~compliance:audit* &compliance:activations";

    /// <summary>The README's line for the admin user; <c>ADMIN_PASSWORD</c> stands for its password.</summary>
    public const string AdminUserLine =
        "ACL SETUSER compliance-admin on >ADMIN_PASSWORD resetkeys resetchannels -@all +@connection +@read +@write +@scripting "
        + "+@pubsub +@transaction +time -@dangerous ~compliance:* &compliance:activations";

    /// <summary>The key prefix the README's lines grant (the default <c>Compliance:Store:KeyPrefix</c>).</summary>
    public const string KeyPrefix = "compliance:";

    private RedisAcl(string serverConnectionString, string adminConnectionString)
    {
        ServerConnectionString = serverConnectionString;
        AdminConnectionString = adminConnectionString;
    }

    /// <summary>A StackExchange.Redis configuration string that connects as the servers' user.</summary>
    public string ServerConnectionString { get; }

    /// <summary>A StackExchange.Redis configuration string that connects as the admin user.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Creates both users on <paramref name="server"/> with fresh passwords and switches the default user off.</summary>
    public static async Task<RedisAcl> ConfigureAsync(RedisServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var serverPassword = Guid.NewGuid().ToString("N");
        var adminPassword = Guid.NewGuid().ToString("N");
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString).ConfigureAwait(false))
        {
            var db = connection.GetDatabase();
            await ExecuteAsync(db, ServerUserLine.Replace("SERVER_PASSWORD", serverPassword, StringComparison.Ordinal)).ConfigureAwait(false);
            await ExecuteAsync(db, AdminUserLine.Replace("ADMIN_PASSWORD", adminPassword, StringComparison.Ordinal)).ConfigureAwait(false);
            await ExecuteAsync(db, "ACL SETUSER default off").ConfigureAwait(false);
        }

        return new RedisAcl(
            $"{server.ConnectionString},user=compliance-server,password={serverPassword}",
            $"{server.ConnectionString},user=compliance-admin,password={adminPassword}");
    }

    private static Task<RedisResult> ExecuteAsync(IDatabase db, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return db.ExecuteAsync(words[0], words[1..]);
    }
}
