using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Wire;
using Xunit;

namespace ComplianceService.Testing;

/// <summary>The bundled policies compiled once per test run (no seeds needed: the quote check has
/// tests of its own, skipped without the shared folder), the snapshot loaded from the bundle bytes,
/// and the same snapshot as the gRPC adapter serves it.</summary>
public static class CompiledPolicies
{
    private static readonly Lazy<PolicyCompilation> LazyCompilation = new(() =>
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies);
        Assert.True(compilation.Succeeded, string.Join(Environment.NewLine, compilation.Diagnostics));
        return compilation;
    });

    private static readonly Lazy<PolicySnapshot> LazySnapshot = new(() => PolicySnapshot.Load(Compilation.Verified!));

    private static readonly Lazy<ServedPolicy> LazyServed = new(() => ServedPolicy.Create(Snapshot));

    /// <summary>The compilation of the repository's policies folder.</summary>
    public static PolicyCompilation Compilation => LazyCompilation.Value;

    /// <summary>Its bundle, loaded.</summary>
    public static PolicySnapshot Snapshot => LazySnapshot.Value;

    /// <summary>The snapshot behind the gRPC adapter.</summary>
    public static ServedPolicy Served => LazyServed.Value;
}
