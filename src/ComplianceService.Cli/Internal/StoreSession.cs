using System.Text.RegularExpressions;
using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary>Opens the policy store for one command: connect behind a spinner, fail with exit 3 when Redis is unreachable.</summary>
internal static partial class StoreSession
{
    // signer: signs what the store writes (--signing-key); not owned.
    public static async Task<RedisPolicyStore> ConnectAsync(CliConsole console, string? connectionString, string prefix, PolicySigner? signer = null)
    {
        connectionString ??= Environment.GetEnvironmentVariable(CommonOptions.RedisEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CommandFailure(ExitCodes.Usage, $"no Redis connection string: pass --redis or set {CommonOptions.RedisEnvironmentVariable}");
        }

        var options = new PolicyStoreOptions
        {
            ConnectionString = connectionString,
            KeyPrefix = prefix,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            OperationTimeout = TimeSpan.FromSeconds(10),
        };
        var target = WithoutPassword(connectionString);
        RedisPolicyStore store;
        try
        {
            store = await console.ProgressAsync($"Connecting to {target}", () => RedisPolicyStore.ConnectAsync(options, signer: signer)).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new CommandFailure(ExitCodes.Usage, ex.Message);
        }
        catch (PolicyStoreException ex)
        {
            throw new CommandFailure(ExitCodes.StoreUnavailable, $"cannot reach Redis at {target}: {ex.Message}");
        }

        if (!store.IsConnected)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new CommandFailure(
                ExitCodes.StoreUnavailable,
                $"cannot reach Redis at {target} (is it running, and is the password in the connection string right?)");
        }

        return store;
    }

    /// <summary>The connection string with its password masked, for messages.</summary>
    public static string WithoutPassword(string connectionString) => Password().Replace(connectionString, "password=***");

    [GeneratedRegex(@"password=[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}
