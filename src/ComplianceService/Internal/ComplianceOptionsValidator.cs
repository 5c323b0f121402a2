using System.Net;
using ComplianceService.Audit;
using ComplianceService.Store;
using Microsoft.Extensions.Options;

namespace ComplianceService.Internal;

/// <summary>
/// Refuses, at start-up, a configuration the server cannot run with, naming each key at fault; among them a server
/// that would listen beyond loopback without TLS and caller authentication.
/// </summary>
internal sealed class ComplianceOptionsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<ComplianceOptions>
{
    private const string KestrelEndpoints = "Kestrel:Endpoints";

    private static readonly string[] CompressionAlgorithms = ["gzip", "deflate"];

    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var failures = new List<string>();
        var grpc = options.Grpc;
        if (grpc.MaxReceiveMessageSize <= 0)
        {
            failures.Add($"Compliance:Grpc:MaxReceiveMessageSize must be positive (got {grpc.MaxReceiveMessageSize}).");
        }

        if (grpc.MaxSendMessageSize is <= 0)
        {
            failures.Add($"Compliance:Grpc:MaxSendMessageSize must be positive or unset (got {grpc.MaxSendMessageSize}).");
        }

        if (grpc.ResponseCompressionAlgorithm is { } algorithm && !CompressionAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            failures.Add($"Compliance:Grpc:ResponseCompressionAlgorithm must be one of {string.Join(", ", CompressionAlgorithms)} or unset (got '{algorithm}').");
        }

        ValidateTelemetry(failures, options.Telemetry);
        ValidateAudit(failures, options.Audit);
        ValidateSecurity(failures, options.Security);
        if (options.RedisConfigured)
        {
            var store = options.Store;
            RequireText(failures, "KeyPrefix", store.KeyPrefix);
            RequireText(failures, "SnapshotPath", store.SnapshotPath);
            RequireText(failures, "InstanceId", store.InstanceId);
            RequirePositive(failures, "ReconnectMinBackoff", store.ReconnectMinBackoff);
            RequirePositive(failures, "ReconnectMaxBackoff", store.ReconnectMaxBackoff);
            RequirePositive(failures, "HeartbeatInterval", store.HeartbeatInterval);
            RequirePositive(failures, "OperationTimeout", store.OperationTimeout);
            RequirePositive(failures, "ConnectTimeout", store.ConnectTimeout);
            if (store.InstanceStaleAfter is { } stale)
            {
                RequirePositive(failures, "InstanceStaleAfter", stale);
            }

            if (store.ReconnectMaxBackoff < store.ReconnectMinBackoff)
            {
                failures.Add("Compliance:Store:ReconnectMaxBackoff must not be shorter than ReconnectMinBackoff.");
            }

            if (store.HistoryLimit <= 0)
            {
                failures.Add($"Compliance:Store:HistoryLimit must be positive (got {store.HistoryLimit}).");
            }

            if (options.Security.PolicySigningKeys.Count > 0)
            {
                try
                {
                    using var verifier = PolicySignatureVerifier.FromKeys(options.Security.PolicySigningKeys, Environment.CurrentDirectory);
                }
                catch (ArgumentException ex)
                {
                    failures.Add("Compliance:Security:PolicySigningKeys: " + ex.Message);
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTelemetry(List<string> failures, ComplianceTelemetryOptions telemetry)
    {
        if (telemetry.Otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"Compliance:Telemetry:Otlp:Endpoint must be an absolute http:// or https:// address (got '{endpoint}').");
        }

        if (telemetry.Otlp.Protocol is not ("Grpc" or "HttpProtobuf"))
        {
            failures.Add($"Compliance:Telemetry:Otlp:Protocol must be Grpc or HttpProtobuf (got '{telemetry.Otlp.Protocol}').");
        }

        if (telemetry.Otlp.MetricsInterval <= TimeSpan.Zero)
        {
            failures.Add($"Compliance:Telemetry:Otlp:MetricsInterval must be positive (got {telemetry.Otlp.MetricsInterval}).");
        }

        if (telemetry.Traces.SampleRatio is < 0 or > 1 || double.IsNaN(telemetry.Traces.SampleRatio))
        {
            failures.Add($"Compliance:Telemetry:Traces:SampleRatio must be between 0 and 1 (got {telemetry.Traces.SampleRatio}).");
        }
    }

    private static void ValidateAudit(List<string> failures, ComplianceAuditOptions audit)
    {
        if (!audit.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(audit.Directory))
        {
            failures.Add("Compliance:Audit:Directory must not be empty while the audit trail is enabled.");
        }

        if (string.IsNullOrWhiteSpace(audit.Writer) || audit.Writer.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || audit.Writer.StartsWith('.'))
        {
            failures.Add("Compliance:Audit:Writer must be a plain file name (it names this server's chain).");
        }

        if (audit.Retention < TimeSpan.FromDays(1))
        {
            failures.Add($"Compliance:Audit:Retention must be at least a day (got {audit.Retention}).");
        }

        if (audit.SegmentBytes < 4096)
        {
            failures.Add($"Compliance:Audit:SegmentBytes must be at least 4096 (got {audit.SegmentBytes}).");
        }

        if (audit.SyncInterval < TimeSpan.FromMilliseconds(1) || audit.SyncInterval > TimeSpan.FromSeconds(1))
        {
            failures.Add($"Compliance:Audit:SyncInterval must be from 1 ms to 1 s (got {audit.SyncInterval}).");
        }

        if (audit.HashIncidentIds && DecisionAudit.IncidentKey(audit.IncidentIdKey) is null)
        {
            failures.Add("Compliance:Audit:IncidentIdKey must be at least 32 bytes in base64 when HashIncidentIds is set.");
        }
    }

    private void ValidateSecurity(List<string> failures, ComplianceSecurityOptions security)
    {
        if (security.ClientCertificateAuthority is { Length: > 0 } authority && !File.Exists(Path.GetFullPath(authority, environment.ContentRootPath)))
        {
            failures.Add($"Compliance:Security:ClientCertificateAuthority: no file at '{authority}' (a PEM file with the CA certificate that client certificates must chain to).");
        }

        if (security.MaxUnaryCallDuration <= TimeSpan.Zero || security.MaxUnaryCallDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"Compliance:Security:MaxUnaryCallDuration must be positive and at most a day (got {security.MaxUnaryCallDuration}).");
        }

        if (security.RateLimit.PermitsPerSecond < 0 || security.RateLimit.Burst < 0)
        {
            failures.Add("Compliance:Security:RateLimit:PermitsPerSecond and :Burst must not be negative.");
        }

        if (security.AllowInsecure)
        {
            return;
        }

        foreach (var endpoint in configuration.GetSection(KestrelEndpoints).GetChildren())
        {
            var url = endpoint["Url"];
            if (url is null || ListensOnLoopbackOnly(url))
            {
                continue;
            }

            var tls = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            if (tls && security.AuthenticationConfigured)
            {
                continue;
            }

            var missing = (tls, security.AuthenticationConfigured) switch
            {
                (false, false) => $"TLS ({KestrelEndpoints}:{endpoint.Key}:Certificate:Path) and caller authentication (Compliance:Security:ClientCertificateAuthority or Authentication:Schemes:Bearer)",
                (false, true) => $"TLS ({KestrelEndpoints}:{endpoint.Key}:Certificate:Path)",
                _ => "caller authentication (Compliance:Security:ClientCertificateAuthority or Authentication:Schemes:Bearer)",
            };
            failures.Add($"{KestrelEndpoints}:{endpoint.Key}:Url is {url}, beyond loopback, without {missing}. Configure them, listen on 127.0.0.1 only, or set Compliance:Security:AllowInsecure=true to run so anyway.");
        }
    }

    private static bool ListensOnLoopbackOnly(string url)
    {
        // Kestrel's wildcards (http://*:port, http://+:port) are not URIs with a host.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = (hostEnd <= 0 ? rest : rest[..hostEnd]).Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static void RequireText(List<string> failures, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Compliance:Store:{key} must not be empty.");
        }
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Compliance:Store:{key} must be a positive duration (got {value}).");
        }
    }
}
