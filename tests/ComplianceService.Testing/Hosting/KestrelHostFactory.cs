using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace ComplianceService.Testing.Hosting;

/// <summary>
/// The real host (<typeparamref name="TEntryPoint"/>'s <c>Program</c>, as deployed: Production environment, its own
/// configuration) started in-process by <see cref="WebApplicationFactory{TEntryPoint}"/> on a real Kestrel socket,
/// 127.0.0.1 port 0 (both endpoints: gRPC and HTTP), with the settings a test adds on top and every log record collected (<see cref="Logs"/>). Use
/// one per test class (an xunit class fixture); tests never share a port or depend on each other's state.
/// </summary>
/// <typeparam name="TEntryPoint">The host's <c>Program</c>.</typeparam>
public class KestrelHostFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
    /// <summary>The configuration key of the listen address the host reads.</summary>
    public const string UrlKey = "Kestrel:Endpoints:Grpc:Url";

    /// <summary>The configuration key of the HTTP endpoint's address (REST/JSON, OpenAPI, gRPC-Web).</summary>
    public const string HttpUrlKey = "Kestrel:Endpoints:Http:Url";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        [UrlKey] = "http://127.0.0.1:0",
        [HttpUrlKey] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private Uri? _address;
    private Uri? _httpAddress;
    private ListenOptions? _grpcListen;
    private ListenOptions? _httpListen;

    /// <summary>Creates the factory: Kestrel, not the in-memory test server. Its audit trail goes to a folder of its own,
    /// and so does the trail's journal (rather than /dev/shm), so that a server a test stops without disposing its trail
    /// leaves nothing in shared memory.</summary>
    public KestrelHostFactory()
    {
        UseKestrel();
        AuditDirectory = Directory.CreateTempSubdirectory("compliance-audit-").FullName;
        _settings["Compliance:Audit:Directory"] = AuditDirectory;
        _settings["Compliance:Audit:JournalDirectory"] = AuditDirectory;
    }

    /// <summary>The folder of this server's audit trail (<c>Compliance:Audit:Directory</c>) and its journal, deleted on dispose.</summary>
    public string AuditDirectory { get; }

    /// <summary>The address Kestrel bound, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The port Kestrel bound.</summary>
    public int Port => Address.Port;

    /// <summary>The address the HTTP endpoint bound (REST/JSON, OpenAPI, gRPC-Web), e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public Uri HttpAddress => _httpAddress ?? throw new InvalidOperationException("The server is not started, or has no Http endpoint.");

    /// <summary>Every log record the host wrote (at the configured levels; Warning and above unless a test says otherwise).</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Sets a configuration value (before the server starts), as <c>--key=value</c> would.</summary>
    public void Set(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _settings[key] = value;
    }

    /// <summary>Starts the server (as an xunit fixture: before the first test of the class).</summary>
    public virtual async Task InitializeAsync()
    {
        // WebApplicationFactory starts the host synchronously; keep the test thread free meanwhile.
        await Task.Run(StartServer).ConfigureAwait(false);
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

        // Both endpoints ask for port 0: which bound address is which comes from their listen options (Kestrel writes
        // the bound port back into them).
        _address = AddressOf(_grpcListen, _settings[UrlKey]) ?? new Uri(addresses.First());
        _httpAddress = AddressOf(_httpListen, _settings.GetValueOrDefault(HttpUrlKey));
    }

    /// <summary>Starts a check that no log record of level Error or above appears until it is disposed, except those
    /// <paramref name="expected"/> accepts.</summary>
    public ErrorLogCheck ExpectNoErrors(Func<FakeLogRecord, bool>? expected = null) => new(Logs, expected);

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(AuditDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A test that made it read-only restores it; anything left is in the temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environments.Production);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddFakeLogging(options => options.OutputSink = null));
        builder.ConfigureServices(services =>
        {
            services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigurationLoader?
                .Endpoint("Grpc", endpoint => _grpcListen = endpoint.ListenOptions)
                .Endpoint("Http", endpoint => _httpListen = endpoint.ListenOptions));
            // The periodic health publication never happens during a test: a test sees only what the host
            // publishes when a status changes.
            services.Configure<HealthCheckPublisherOptions>(options =>
            {
                options.Delay = TimeSpan.FromHours(1);
                options.Period = TimeSpan.FromHours(1);
            });
            ConfigureTestServices(services);
        });
    }

    private static Uri? AddressOf(ListenOptions? options, string? configuredUrl) =>
        options?.IPEndPoint is { } endPoint
            ? new Uri(FormattableString.Invariant(
                $"{(configuredUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true ? "https" : "http")}://{endPoint}"))
            : null;

    /// <summary>Adds or replaces services for a test (after the host's own).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }
}
