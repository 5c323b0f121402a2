using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComplianceService.Security;

/// <summary>
/// Caller authentication (client certificates against <c>Compliance:Security:ClientCertificateAuthority</c>, OAuth2
/// bearer tokens from <c>Authentication:Schemes:Bearer</c>), the policy the compliance methods require when either is
/// configured, and the per-caller rate limit. The services are always registered (they cost nothing until used);
/// what the pipeline and the endpoints require is decided from the final configuration when they are mapped.
/// </summary>
internal static class SecurityRegistration
{
    /// <summary>The authorization policy of the compliance methods: an authenticated caller by any configured scheme.</summary>
    public const string CallerPolicy = "compliance-caller";

    /// <summary>The rate limiting policy of the compliance methods: a token bucket per caller.</summary>
    public const string CallerRateLimit = "compliance-caller-rate";

    /// <summary>The section the bearer handler binds (ASP.NET Core's own convention).</summary>
    public const string BearerSection = "Authentication:Schemes:" + JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Reads <c>Compliance:Security</c> as it stands in <paramref name="configuration"/>.</summary>
    public static ComplianceSecurityOptions Read(IConfiguration configuration)
    {
        var options = new ComplianceSecurityOptions();
        configuration.GetSection(ComplianceOptions.Section + ":Security").Bind(options);
        options.BearerConfigured = IsBearerConfigured(configuration);
        return options;
    }

    public static bool IsBearerConfigured(IConfiguration configuration) => configuration.GetSection(BearerSection).Exists();

    public static void AddSecurity(IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCertificate()
            .AddJwtBearer();

        services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ComplianceOptions>, IHostEnvironment>((certificate, compliance, environment) =>
            {
                if (compliance.Value.Security.ClientCertificateAuthority is not { Length: > 0 } authority)
                {
                    return;
                }

                // Only certificates that chain to the configured CA, never the machine's trust store.
                certificate.AllowedCertificateTypes = CertificateTypes.Chained;
                certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                certificate.CustomTrustStore.ImportFromPemFile(Path.GetFullPath(authority, environment.ContentRootPath));
                certificate.ValidateCertificateUse = true;
                certificate.ValidateValidityPeriod = true;

                // A private CA usually publishes no CRL or OCSP responder this server could reach.
                certificate.RevocationMode = X509RevocationMode.NoCheck;
            });

        // Claims keep their token names (client_id, azp, sub), which CallerIdentity reads.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure(bearer => bearer.MapInboundClaims = false);

        // The certificate is checked by the authentication handler against the configured CA: the TLS handshake only
        // asks for one (Kestrel's ClientCertificateMode), as ASP.NET Core's certificate authentication expects.
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            if (Read(configuration).CertificateConfigured)
            {
                kestrel.ConfigureHttpsDefaults(https => https.AllowAnyClientCertificate());
            }
        });

        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IConfiguration>((authorization, configuration) =>
        {
            var security = Read(configuration);
            var schemes = new List<string>(2);
            if (security.CertificateConfigured)
            {
                schemes.Add(CertificateAuthenticationDefaults.AuthenticationScheme);
            }

            if (security.BearerConfigured)
            {
                schemes.Add(JwtBearerDefaults.AuthenticationScheme);
            }

            if (schemes.Count > 0)
            {
                authorization.AddPolicy(CallerPolicy, policy => policy.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser());
            }
        });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = static (rejected, _) => new ValueTask(GrpcStatusResponse.WriteAsync(
                rejected.HttpContext,
                StatusCode.ResourceExhausted,
                "Rate limit exceeded for this caller; retry later."));
            limiter.AddPolicy(CallerRateLimit, static context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<ComplianceOptions>>().Value.Security.RateLimit;
                var key = CallerIdentity.Of(context) is { } caller
                    ? string.Concat(caller.Kind, ":", caller.Id)
                    : string.Concat("ip:", context.Connection.RemoteIpAddress?.ToString());
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.Burst > 0 ? limit.Burst : limit.PermitsPerSecond,
                    TokensPerPeriod = limit.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
    }
}
