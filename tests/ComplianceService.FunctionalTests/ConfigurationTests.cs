using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceService.Client;
using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Grpc.Protocol;
using Grpc.Health.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>A server whose receive limit is configured down to 1 KiB.</summary>
public sealed class SmallReceiveLimitFixture : ServerFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Compliance:Grpc:MaxReceiveMessageSize=1024"];
}

/// <summary>A server with a certificate configured: TLS, HTTP/2 negotiated by ALPN.</summary>
public sealed class TlsFixture : ServerFixture
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
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificatePath);
    }

    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Kestrel:Endpoints:Grpc:Certificate:Path={_certificatePath}",
        "--Kestrel:Endpoints:Grpc:Certificate:Password=test-password",
    ];
}

public sealed class ReceiveLimitConfigurationTests(SmallReceiveLimitFixture server) : IClassFixture<SmallReceiveLimitFixture>
{
    [Fact]
    public async Task ConfiguredReceiveLimitIsEnforced()
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var small = new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[512]) };
        var large = new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[2048]) };

        var ok = await channel.UnaryAsync("/testing.v1.Echo/Unary", small, ProtobufMarshaller<EchoRequest>.Default, ProtobufMarshaller<EchoResponse>.Default);
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync("/testing.v1.Echo/Unary", large, ProtobufMarshaller<EchoRequest>.Default, ProtobufMarshaller<EchoResponse>.Default));

        Assert.Equal(512, ok.PayloadLength);
        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
    }
}

public sealed class TlsConfigurationTests(TlsFixture server) : IClassFixture<TlsFixture>
{
    [Fact]
    public async Task CertificateEnablesTlsWithHttp2()
    {
        Assert.StartsWith("https://", ComplianceServiceHost.BoundAddresses(server.App).Single(), StringComparison.Ordinal);
        var handler = new SocketsHttpHandler
        {
            // The test's own self-signed certificate.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{server.Port}", new GrpcChannelOptions { HttpHandler = handler });

        var status = await new ComplianceClient(channel).CheckHealthAsync("");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status);
    }
}
