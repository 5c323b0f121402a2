using ComplianceService.Policies;
using ComplianceService.Policies.Internal;
using ComplianceService.Testing;
using ComplianceService.Wire;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The bundled policies compiled once per test run (shared with the other test projects
/// through <see cref="Testing.CompiledPolicies"/>), and the parsed policy files for the reference
/// evaluator.</summary>
internal static class CompiledPolicies
{
    private static readonly Lazy<PolicySet> LazyPolicy = new(() =>
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var policy = PolicyCompiler.Read(PolicyFolder.ReadPolicies(RepositoryPaths.Policies), diagnostics);
        Assert.Empty(diagnostics);
        return policy!;
    });

    public static PolicyCompilation Compilation => Testing.CompiledPolicies.Compilation;

    public static PolicySnapshot Snapshot => Testing.CompiledPolicies.Snapshot;

    public static ServedPolicy Served => Testing.CompiledPolicies.Served;

    public static PolicySet Policy => LazyPolicy.Value;
}
