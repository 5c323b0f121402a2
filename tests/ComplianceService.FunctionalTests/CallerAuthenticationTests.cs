using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ComplianceService.Security;
using ComplianceService.Testing;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;

namespace ComplianceService.FunctionalTests;

/// <summary>Runs <c>tests/interop/python/security.py</c> (grpcio) against a server and returns what it saw.</summary>
internal static class PythonSecurityClient
{
    public static async Task<JsonElement> RunAsync(int port, object options)
    {
        var script = Path.Combine(InteropProcess.RepoRoot, "tests", "interop", "python", "security.py");
        var result = await InteropProcess.RunAsync(
            InteropProcess.Python,
            [script, port.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(options)],
            TimeSpan.FromSeconds(90),
            workingDirectory: Path.GetDirectoryName(script));
        return result.Json;
    }

    public static string[] Checks(this JsonElement json) => [.. json.GetProperty("check").EnumerateArray().Select(code => code.GetString()!)];
}

/// <summary>TLS with client certificates required and checked against a CA configured by file.</summary>
public sealed class MutualTlsFixture : ComplianceServerFactory
{
    public MutualTlsFixture()
    {
        Set(UrlKey, "https://127.0.0.1:0");
        Set("Kestrel:Endpoints:Grpc:Certificate:Path", Pki.Server.CertificatePath);
        Set("Kestrel:Endpoints:Grpc:Certificate:KeyPath", Pki.Server.KeyPath);
        Set("Kestrel:Endpoints:Grpc:ClientCertificateMode", "RequireCertificate");
        Set("Compliance:Security:ClientCertificateAuthority", Pki.CaPath);
    }

    public TestPki Pki { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Pki.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Python grpcio over TLS with and without a client certificate from the configured CA.</summary>
public sealed class MutualTlsTests(MutualTlsFixture server) : IClassFixture<MutualTlsFixture>
{
    [Fact]
    public async Task AClientCertificateFromTheConfiguredCaIsAnswered()
    {
        var pki = server.Pki;

        var json = await PythonSecurityClient.RunAsync(server.Port, new { ca = pki.CaPath, cert = pki.Client.CertificatePath, key = pki.Client.KeyPath, health = true });

        Assert.Equal(["OK"], json.Checks());
        Assert.Equal("SERVING", json.GetProperty("health").GetString());

        // The decision's audit record names the caller by its certificate's subject.
        var subject = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(pki.Client.CertificatePath)).Subject;
        await Poll.UntilAsync(
            () => ComplianceService.Audit.AuditTrail.Records(server.AuditDirectory).Any(r => r.Caller == subject && r.Method == "CheckEncounter"),
            "a record naming the certificate's subject as the caller",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WithoutAClientCertificateTheConnectionIsRefused()
    {
        var json = await PythonSecurityClient.RunAsync(server.Port, new { ca = server.Pki.CaPath, health = true });

        // RequireCertificate: the TLS handshake itself fails, so grpcio reports the server unavailable.
        Assert.Equal(["UNAVAILABLE"], json.Checks());
        Assert.Equal("UNAVAILABLE", json.GetProperty("health").GetString());
    }

    [Fact]
    public async Task AClientCertificateFromAnotherCaIsUnauthenticated()
    {
        var pki = server.Pki;

        var json = await PythonSecurityClient.RunAsync(server.Port, new { ca = pki.CaPath, cert = pki.StrangerClient.CertificatePath, key = pki.StrangerClient.KeyPath, health = true });

        // Same subject as the good certificate, another issuer: the compliance method refuses it, health stays open.
        Assert.Equal(["UNAUTHENTICATED"], json.Checks());
        Assert.Equal("SERVING", json.GetProperty("health").GetString());
    }
}

/// <summary>OAuth2 bearer tokens from a test issuer, on h2c loopback.</summary>
public sealed class BearerFixture : ComplianceServerFactory
{
    public BearerFixture()
    {
        foreach (var (key, value) in Tokens.ServerSettings)
        {
            Set(key, value);
        }
    }

    public TestTokens Tokens { get; } = new();
}

/// <summary>Python grpcio sending bearer tokens: valid, expired, for another audience, none.</summary>
public sealed class BearerTokenTests(BearerFixture server) : IClassFixture<BearerFixture>
{
    [Fact]
    public async Task AValidTokenIsAnswered()
    {
        var json = await PythonSecurityClient.RunAsync(server.Port, new { token = server.Tokens.Create("cad-vendor-a") });

        Assert.Equal(["OK"], json.Checks());
        await Poll.UntilAsync(
            () => ComplianceService.Audit.AuditTrail.Records(server.AuditDirectory).Any(r => r.Caller == "cad-vendor-a"),
            "a record naming the token's client id as the caller",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnExpiredTokenIsUnauthenticated()
    {
        // Expired an hour ago: beyond the handler's 5-minute clock skew.
        var json = await PythonSecurityClient.RunAsync(server.Port, new { token = server.Tokens.Create("cad-vendor-a", expiresIn: TimeSpan.FromHours(-1)) });

        Assert.Equal(["UNAUTHENTICATED"], json.Checks());
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsUnauthenticated()
    {
        var json = await PythonSecurityClient.RunAsync(server.Port, new { token = server.Tokens.Create("cad-vendor-a", audience: "some-other-api") });

        Assert.Equal(["UNAUTHENTICATED"], json.Checks());
    }

    [Fact]
    public async Task NoTokenIsUnauthenticatedWhileHealthStillAnswers()
    {
        var json = await PythonSecurityClient.RunAsync(server.Port, new { health = true });

        Assert.Equal(["UNAUTHENTICATED"], json.Checks());
        Assert.Equal("SERVING", json.GetProperty("health").GetString());
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsUnauthenticated()
    {
        var json = await PythonSecurityClient.RunAsync(server.Port, new { token = new TestTokens().Create("cad-vendor-a") });

        Assert.Equal(["UNAUTHENTICATED"], json.Checks());
    }
}

/// <summary>Bearer tokens and a per-caller limit of 1 call per second with a burst of 5.</summary>
public sealed class RateLimitFixture : ComplianceServerFactory
{
    public RateLimitFixture()
    {
        foreach (var (key, value) in Tokens.ServerSettings)
        {
            Set(key, value);
        }

        Set("Compliance:Security:RateLimit:PermitsPerSecond", "1");
        Set("Compliance:Security:RateLimit:Burst", "5");
    }

    public TestTokens Tokens { get; } = new();
}

public sealed class RateLimitTests(RateLimitFixture server) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task ACallerOverItsRateGetsResourceExhaustedWhileAnotherCallerIsAnswered()
    {
        var busy = await PythonSecurityClient.RunAsync(server.Port, new { token = server.Tokens.Create("cad-busy"), calls = 20, health = true });
        var other = await PythonSecurityClient.RunAsync(server.Port, new { token = server.Tokens.Create("cad-quiet"), calls = 1 });

        var codes = busy.Checks();
        Assert.True(codes.Take(5).All(code => code == "OK"), string.Join(", ", codes));
        Assert.Contains("RESOURCE_EXHAUSTED", codes);
        Assert.True(codes.Count(code => code == "OK") <= 10, string.Join(", ", codes));
        Assert.Equal("SERVING", busy.GetProperty("health").GetString());
        Assert.Equal(["OK"], other.Checks());
    }
}

/// <summary>How a caller is named, from the claims the certificate and bearer handlers build.</summary>
public sealed class CallerIdentityTests
{
    [Fact]
    public void ACertificateCallerIsItsSubject()
    {
        var identity = new ClaimsIdentity(
            [new(ClaimTypes.X500DistinguishedName, TestPki.ClientSubject), new(ClaimTypes.Name, "dispatch-01")],
            "Certificate");

        Assert.Equal(new CallerIdentity(CallerIdentity.CertificateKind, TestPki.ClientSubject), CallerIdentity.Of(new ClaimsPrincipal(identity)));
    }

    [Theory]
    [InlineData("client_id", "azp", "sub", "client_id")]
    [InlineData(null, "azp", "sub", "azp")]
    [InlineData(null, null, "sub", "sub")]
    public void ATokenCallerIsItsClientIdThenAzpThenSub(string? clientId, string? azp, string? sub, string expected)
    {
        var claims = new List<Claim>();
        foreach (var (type, value) in new[] { ("sub", sub), ("azp", azp), ("client_id", clientId) })
        {
            if (value is not null)
            {
                claims.Add(new Claim(type, value));
            }
        }

        var caller = CallerIdentity.Of(new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer")));

        Assert.Equal(new CallerIdentity(CallerIdentity.TokenKind, expected), caller);
    }

    [Fact]
    public void AnAnonymousCallerHasNoIdentity()
    {
        Assert.Null(CallerIdentity.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x")]))));
    }
}

/// <summary>A server told to listen on every interface, without TLS or authentication.</summary>
public sealed class InsecureListenFactory : ComplianceServerFactory
{
    public InsecureListenFactory(bool allowInsecure)
    {
        Set(UrlKey, "http://0.0.0.0:0");
        if (allowInsecure)
        {
            Set("Compliance:Security:AllowInsecure", "true");
        }
    }
}

public sealed class InsecureListeningTests
{
    [Fact]
    public async Task ListeningBeyondLoopbackWithoutTlsAndAuthenticationRefusesToStart()
    {
        await using var factory = new InsecureListenFactory(allowInsecure: false);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(factory.InitializeAsync);

        Assert.Contains("Kestrel:Endpoints:Grpc:Url is http://0.0.0.0:0, beyond loopback, without TLS", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Compliance:Security:AllowInsecure=true", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowInsecureLetsItStart()
    {
        await using var factory = new InsecureListenFactory(allowInsecure: true);
        await factory.InitializeAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{factory.Port}");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
