using ComplianceService.Client;
using ComplianceService.Contracts.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// One server instance in Redis mode: the real host started in-process on its own free port (a real Kestrel socket),
/// with a C# client connected to it and its log recorded.
/// </summary>
internal sealed class ComplianceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private ComplianceServer(WebApplication app, string instanceId, RecordingLoggerProvider log)
    {
        _app = app;
        InstanceId = instanceId;
        Log = log;
        Address = ComplianceServiceHost.BoundAddresses(app).Single();
        _channel = GrpcChannel.ForAddress(Address);
        Client = new ComplianceClient(_channel);
    }

    public string InstanceId { get; }

    public string Address { get; }

    public ComplianceClient Client { get; }

    public RecordingLoggerProvider Log { get; }

    /// <summary>Starts an instance; returns once it listens (it may serve nothing yet).</summary>
    /// <param name="settings">More command-line settings, e.g. <c>--Compliance:Store:HeartbeatInterval=00:00:00.5</c>.</param>
    public static async Task<ComplianceServer> StartAsync(string redis, string keyPrefix, string snapshotPath, string instanceId, params string[] settings)
    {
        var log = new RecordingLoggerProvider();
        var app = ComplianceServiceHost.Build(
            [
                "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
                "--ConnectionStrings:Redis=" + redis,
                "--Compliance:KeyPrefix=" + keyPrefix,
                "--Compliance:SnapshotPath=" + snapshotPath,
                "--Compliance:InstanceId=" + instanceId,
                "--Logging:LogLevel:Default=Information",
                .. settings,
            ],
            configureBuilder: builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(log);
            });
        await app.StartAsync();
        return new ComplianceServer(app, instanceId, log);
    }

    /// <summary>The revision that answered a check on a jurisdiction every test policy set keeps.</summary>
    public async Task<string> ServedRevisionAsync() => (await Client.CheckEncounterAsync(Requests.Kept())).PolicyRevision;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
