using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Internal;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace ComplianceService.Policy;

/// <summary>
/// Embedded mode (no Redis configured): compiles the policy files at start-up and serves them.
/// Policy files that do not compile stop the start-up with their diagnostics: an operator sees
/// the file and line at once instead of a server that can never answer.
/// </summary>
public sealed class EmbeddedPolicySource(
    ActivePolicy active,
    IOptions<ComplianceOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<EmbeddedPolicySource> logger) : IHostedService
{
    /// <summary>Who activates a revision compiled in-process (WatchPolicy's activated_by).</summary>
    public const string ActivatedBy = "embedded";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = ResolvePoliciesPath(options.Value.PoliciesPath, environment.ContentRootPath);
        var compilation = PolicyFolder.Compile(path);
        if (!compilation.Succeeded)
        {
            foreach (var diagnostic in compilation.Diagnostics)
            {
                Log.PolicyDiagnostic(logger, diagnostic.ToString());
            }

            throw new InvalidOperationException($"The policy files in {path} do not compile ({compilation.Diagnostics.Count} errors); see the log.");
        }

        var snapshot = PolicySnapshot.Load(compilation.Verified!);
        active.Activate(snapshot, new PolicyRevision
        {
            Revision = snapshot.Revision,
            ActivatedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            ActivatedBy = ActivatedBy,
        });
        Log.EmbeddedPolicyLoaded(logger, snapshot.Revision, path, snapshot.JurisdictionIds.Length);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The configured folder (relative to the content root), else the <c>policies</c> folder copied
    /// beside the binaries, else the nearest <c>policies</c> folder above the content root.
    /// </summary>
    internal static string ResolvePoliciesPath(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        var besideBinaries = Path.Combine(AppContext.BaseDirectory, "policies");
        if (Directory.Exists(besideBinaries))
        {
            return besideBinaries;
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No policies folder found; set {ComplianceOptions.Section}:PoliciesPath.");
    }
}
