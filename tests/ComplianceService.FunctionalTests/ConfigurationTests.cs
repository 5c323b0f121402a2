using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using ComplianceService.FunctionalTests.Echo;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;

namespace ComplianceService.FunctionalTests;

/// <summary>A server whose receive limit is configured down to 1 KiB.</summary>
public sealed class SmallReceiveLimitFixture : ComplianceServerFactory
{
    public SmallReceiveLimitFixture()
    {
        Set("Compliance:Grpc:MaxReceiveMessageSize", "1024");
    }
}

/// <summary>A server with a certificate configured: TLS, HTTP/2 negotiated by ALPN.</summary>
public sealed class TlsFixture : ComplianceServerFactory
{
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"compliance-test-{Guid.NewGuid():N}.pfx");

    public TlsFixture()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_certificatePath, certificate.Export(X509ContentType.Pfx, "test-password"));
        Set(UrlKey, "https://127.0.0.1:0");
        Set("Kestrel:Endpoints:Grpc:Certificate:Path", _certificatePath);
        Set("Kestrel:Endpoints:Grpc:Certificate:Password", "test-password");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificatePath);
        GC.SuppressFinalize(this);
    }
}

/// <summary>A server configured with a receive limit of zero, which it must refuse at start-up.</summary>
public sealed class InvalidOptionsFactory : ComplianceServerFactory
{
    public InvalidOptionsFactory()
    {
        Set("Compliance:Grpc:MaxReceiveMessageSize", "0");
        Set("Compliance:Grpc:ResponseCompressionAlgorithm", "brotli");
        Set("Compliance:Audit:SyncInterval", "00:00:05");
    }
}

public sealed class ReceiveLimitConfigurationTests(SmallReceiveLimitFixture server) : IClassFixture<SmallReceiveLimitFixture>
{
    [Fact]
    public async Task ConfiguredReceiveLimitIsEnforced()
    {
        using var channel = server.CreateChannel();
        var echo = new Echo.Echo.EchoClient(channel);

        var ok = await echo.UnaryAsync(new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[512]) });
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await echo.UnaryAsync(new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[2048]) }));

        Assert.Equal(512, ok.PayloadLength);
        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
    }
}

public sealed class TlsConfigurationTests(TlsFixture server) : IClassFixture<TlsFixture>
{
    [Fact]
    public async Task CertificateEnablesTlsWithHttp2()
    {
        Assert.Equal("https", server.Address.Scheme);
        var handler = new SocketsHttpHandler
        {
            // The test's own self-signed certificate.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = handler });

        var status = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
    }
}

public sealed class ConfigurationDefaultsTests
{
    [Theory]
    [InlineData(null, null, "http://127.0.0.1:50051")]
    [InlineData("http://127.0.0.1:6000", null, "http://127.0.0.1:6000")]
    [InlineData(null, "/certs/server.pfx", "https://127.0.0.1:50051")]
    [InlineData("http://0.0.0.0:6000", "/certs/server.pfx", "https://0.0.0.0:6000")]
    [InlineData("https://0.0.0.0:6000", "/certs/server.pfx", "https://0.0.0.0:6000")]
    public void TheListenAddressDefaultsAndTurnsToHttpsWhenACertificateIsConfigured(string? url, string? certificate, string expected)
    {
        var configuration = new ConfigurationManager();
        var configured = new Dictionary<string, string?>();
        if (url is not null)
        {
            configured[ComplianceConfigurationDefaults.UrlKey] = url;
        }

        if (certificate is not null)
        {
            configured[ComplianceConfigurationDefaults.CertificatePathKey] = certificate;
        }

        configuration.AddInMemoryCollection(configured);

        configuration.AddComplianceDefaults();

        Assert.Equal(expected, configuration[ComplianceConfigurationDefaults.UrlKey]);
    }

    [Fact]
    public void ConfiguredLogLevelsWinOverTheDefaultsWhenAddedLater()
    {
        var configuration = new ConfigurationManager();
        configuration.AddComplianceDefaults();
        Assert.Equal("None", configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"]);

        configuration.AddInMemoryCollection([new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information")]);

        Assert.Equal("Information", configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"]);
    }

    [Fact]
    public async Task AnInvalidConfigurationStopsTheStartNamingEachKey()
    {
        await using var factory = new InvalidOptionsFactory();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(factory.InitializeAsync);

        Assert.Contains("Compliance:Grpc:MaxReceiveMessageSize", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Compliance:Grpc:ResponseCompressionAlgorithm", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Compliance:Audit:SyncInterval must be from 1 ms to 1 s", refused.Message, StringComparison.Ordinal);
    }
}
