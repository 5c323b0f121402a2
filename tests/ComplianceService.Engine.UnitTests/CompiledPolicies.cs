using ComplianceService.Policies;
using ComplianceService.Policies.Internal;
using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The bundled policies compiled once per test run, the snapshot loaded from the bundle
/// bytes, and the parsed policy files for the reference evaluator.</summary>
internal static class CompiledPolicies
{
    private static readonly Lazy<PolicyCompilation> LazyCompilation = new(() =>
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies, RepositoryPaths.Seeds);
        Assert.True(compilation.Succeeded, string.Join(Environment.NewLine, compilation.Diagnostics));
        return compilation;
    });

    private static readonly Lazy<PolicySnapshot> LazySnapshot = new(() => PolicySnapshot.Load(Compilation.Bundle, Compilation.Revision));

    private static readonly Lazy<PolicySet> LazyPolicy = new(() =>
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var policy = PolicyCompiler.Read(PolicyFolder.ReadPolicies(RepositoryPaths.Policies), diagnostics);
        Assert.Empty(diagnostics);
        return policy!;
    });

    public static PolicyCompilation Compilation => LazyCompilation.Value;

    public static PolicySnapshot Snapshot => LazySnapshot.Value;

    public static PolicySet Policy => LazyPolicy.Value;
}
