namespace ComplianceService.Testing;

/// <summary>Paths of the repository and of the shared folder beside it (../shared).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding ComplianceService.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The bundled policy files.</summary>
    public static string Policies => Path.Combine(Root, "policies");

    /// <summary>The public acceptance scenarios (../shared/scenarios/public.yaml from the root).</summary>
    public static string PublicScenarios => Path.GetFullPath(Path.Combine(Root, "..", "shared", "scenarios", "public.yaml"));

    /// <summary>The seed documents the policies quote (../shared/seeds from the root).</summary>
    public static string Seeds => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seeds"));

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
