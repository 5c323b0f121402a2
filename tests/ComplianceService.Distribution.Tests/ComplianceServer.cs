using ComplianceService.Contracts.V1;
using ComplianceService.Testing.Hosting;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// One server instance in Redis mode: the real host (<see cref="Program"/>) started in-process on its own free port
/// (a real Kestrel socket), with a C# client connected to it and its log recorded.
/// </summary>
internal sealed class ComplianceServer : IAsyncDisposable
{
    private readonly KestrelHostFactory<Program> _host;
    private readonly GrpcChannel _channel;

    private ComplianceServer(KestrelHostFactory<Program> host, string instanceId)
    {
        _host = host;
        InstanceId = instanceId;
        Address = host.Address;
        _channel = GrpcChannel.ForAddress(Address);
        Client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        Health = new Health.HealthClient(_channel);
    }

    public string InstanceId { get; }

    public Uri Address { get; }

    public ComplianceGrpc.ComplianceServiceClient Client { get; }

    public Health.HealthClient Health { get; }

    /// <summary>The folder of this server's audit trail.</summary>
    public string AuditDirectory => _host.AuditDirectory;

    /// <summary>Every log line the server wrote: "{level} {category}[{event id}]: {message}".</summary>
    public IEnumerable<string> LogLines => _host.Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}[{r.Id.Id}]: {r.Message}");

    /// <summary>The log lines that carry an exception (a stack trace): expected conditions never do.</summary>
    public IEnumerable<string> LogLinesWithException => _host.Logs.GetSnapshot()
        .Where(r => r.Exception is not null)
        .Select(r => $"{r.Level} {r.Category}[{r.Id.Id}]: {r.Message} {r.Exception!.GetType().Name}");

    /// <summary>Starts an instance; returns once it listens (it may serve nothing yet).</summary>
    /// <param name="settings">More settings as key/value pairs, e.g. <c>("Compliance:Store:HeartbeatInterval", "00:00:00.5")</c>.</param>
    public static async Task<ComplianceServer> StartAsync(string redis, string keyPrefix, string snapshotPath, string instanceId, params (string Key, string Value)[] settings)
    {
        var host = new KestrelHostFactory<Program>();
        host.Set("ConnectionStrings:Redis", redis);
        host.Set("Compliance:Store:KeyPrefix", keyPrefix);
        host.Set("Compliance:Store:SnapshotPath", snapshotPath);
        host.Set("Compliance:Store:InstanceId", instanceId);
        host.Set("Logging:LogLevel:Default", "Information");
        foreach (var (key, value) in settings)
        {
            host.Set(key, value);
        }

        await host.InitializeAsync();
        return new ComplianceServer(host, instanceId);
    }

    /// <summary>The revision that answered a check on a jurisdiction every test policy set keeps.</summary>
    public async Task<string> ServedRevisionAsync() => (await Client.CheckEncounterAsync(Requests.Kept())).PolicyRevision;

    /// <summary>The health status of compliance.v1.ComplianceService.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync() =>
        (await Health.CheckAsync(new HealthCheckRequest { Service = ComplianceGrpc.Descriptor.FullName })).Status;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }
}
