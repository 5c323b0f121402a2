namespace ComplianceService.Testing;

/// <summary>Paths of the repository and of the shared folder beside it.</summary>
public static class RepositoryPaths
{
    /// <summary>The environment variable naming the shared folder (seed documents, public
    /// scenarios); unset means <c>../shared</c> from the repository root.</summary>
    public const string SharedDirectoryVariable = "COMPLIANCE_SHARED_DIR";

    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding ComplianceService.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The bundled policy files.</summary>
    public static string Policies => Path.Combine(Root, "policies");

    /// <summary>The shared folder: <see cref="SharedDirectoryVariable"/>, else <c>../shared</c> from the root.</summary>
    public static string Shared => Path.GetFullPath(
        Environment.GetEnvironmentVariable(SharedDirectoryVariable) is { Length: > 0 } configured ? configured : Path.Combine(Root, "..", "shared"));

    /// <summary>The public acceptance scenarios (scenarios/public.yaml in the shared folder).</summary>
    public static string PublicScenarios => Path.Combine(Shared, "scenarios", "public.yaml");

    /// <summary>The seed documents the policies quote (seeds/ in the shared folder).</summary>
    public static string Seeds => Path.Combine(Shared, "seeds");

    /// <summary>Why tests that read the shared folder are skipped, or null when it is there.</summary>
    public static string? SharedMissing =>
        File.Exists(PublicScenarios) && Directory.Exists(Seeds)
            ? null
            : $"needs the shared folder (seeds, scenarios/public.yaml), not found at {Shared}; set {SharedDirectoryVariable} to it";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ComplianceService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ComplianceService.sln not found above {AppContext.BaseDirectory}");
    }
}
