using ComplianceService.Policies;
using ComplianceService.Testing;

namespace ComplianceService.Distribution.Tests;

/// <summary>The policy folders the tests publish: the bundled policies, and a copy without one leaf jurisdiction.</summary>
internal sealed class PolicySets : IDisposable
{
    public PolicySets()
    {
        Root = Directory.CreateTempSubdirectory("distribution-").FullName;
        WithoutBozeman = Path.Combine(Root, "policies-without-bozeman");
        Directory.CreateDirectory(WithoutBozeman);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
        {
            // A leaf (no jurisdiction names it as parent): removing it leaves every chain whole.
            if (Path.GetFileNameWithoutExtension(file) != Requests.RemovedJurisdiction)
            {
                File.Copy(file, Path.Combine(WithoutBozeman, Path.GetFileName(file)));
            }
        }

        FullRevision = Revision(Full);
        WithoutBozemanRevision = Revision(WithoutBozeman);
    }

    /// <summary>A temporary folder for this test (snapshots, policy copies); deleted on dispose.</summary>
    public string Root { get; }

    public static string Full => RepositoryPaths.Policies;

    public string WithoutBozeman { get; }

    public string FullRevision { get; }

    public string WithoutBozemanRevision { get; }

    /// <summary>A copy of the bundled policies that compiles to a revision no other test publishes: one jurisdiction's
    /// display name carries <paramref name="marker"/>.</summary>
    public string Marked(string marker)
    {
        var directory = Path.Combine(Root, "policies-" + marker);
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileNameWithoutExtension(file) == Requests.RemovedJurisdiction)
            {
                text = text.Replace("\nname: Bozeman Police Department\n", "\nname: Bozeman Police Department (" + marker + ")\n", StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(directory, Path.GetFileName(file)), text);
        }

        return directory;
    }

    public string SnapshotPath(string instanceId) => Path.Combine(Root, "snapshots", instanceId, "last-good.bundle");

    public static PolicyCompilation Compile(string directory)
    {
        var compilation = PolicyFolder.Compile(directory);
        Assert.True(compilation.Succeeded, string.Join(Environment.NewLine, compilation.Diagnostics));
        return compilation;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Revision(string directory) => Compile(directory).Revision!;
}
