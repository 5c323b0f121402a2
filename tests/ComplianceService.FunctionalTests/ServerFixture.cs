using ComplianceService.Grpc.Server;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The real host, started in-process on 127.0.0.1 port 0 (a real Kestrel socket), with the
/// test-only Echo service registered beside the real ones. One per test class.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public EchoService Echo { get; } = new();

    /// <summary>The port Kestrel bound.</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:{Port}</c>.</summary>
    public string Address => $"http://127.0.0.1:{Port}";

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not started.");

    public HealthStatusRegistry Health => App.Services.GetRequiredService<HealthStatusRegistry>();

    /// <summary>Extra configuration arguments (e.g. a smaller receive limit).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public virtual async Task InitializeAsync()
    {
        string[] args =
        [
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. ExtraArguments,
        ];
        _app = ComplianceServiceHost.Build(args, configureApp: app => Echo.Map(app));
        await _app.StartAsync();
        var address = ComplianceServiceHost.BoundAddresses(_app).Single();
        Port = new Uri(address).Port;
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
