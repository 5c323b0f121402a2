using System.Net;
using System.Net.Sockets;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// A server in Redis mode that can load no policy: <c>ConnectionStrings:Redis</c> points at a loopback port nobody
/// listens on, and the last good snapshot file does not exist. Its start-up must not hang on the unreachable store.
/// </summary>
public sealed class NoPolicyFixture : ComplianceServerFactory
{
    /// <summary>Start-up well beyond the store's connect timeout, but short of a hang.</summary>
    public static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"compliance-nopolicy-{Guid.NewGuid():N}");

    public NoPolicyFixture()
    {
        // A free port, closed again at once: connecting to it is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        ClosedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Set("ConnectionStrings:Redis", $"127.0.0.1:{ClosedPort}");
        Set("Compliance:Store:SnapshotPath", SnapshotPath);
        Set("Compliance:Store:InstanceId", "functional-no-policy");
    }

    /// <summary>The loopback port the Redis connection string names (nothing listens there).</summary>
    public int ClosedPort { get; }

    /// <summary>The configured last-good snapshot, which does not exist.</summary>
    public string SnapshotPath => Path.Combine(_directory, "missing", "last-good.bundle");

    public override async Task InitializeAsync()
    {
        var start = base.InitializeAsync();
        if (await Task.WhenAny(start, Task.Delay(StartupLimit)) != start)
        {
            throw new TimeoutException($"The server with an unreachable Redis (127.0.0.1:{ClosedPort}) did not start within {StartupLimit}.");
        }

        await start;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
