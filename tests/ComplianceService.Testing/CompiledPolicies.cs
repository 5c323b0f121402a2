using ComplianceService.Contracts.V1;
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

    /// <summary>An AdviseEncounter request made by <see cref="RequestGenerator"/> from <paramref name="seed"/> (up to two
    /// unknown facts, no action) and the adapter's answer to it at <see cref="RequestGenerator.Now"/>, asserted to be an
    /// advice with decisions.</summary>
    public static (EncounterRequest Request, EncounterAdvice Advice) Advice(int seed)
    {
        var request = new RequestGenerator(seed).Encounter(Snapshot.JurisdictionIds, maxUnknown: 2, withAction: false);
        Assert.Null(Served.AdviseEncounter(request, RequestGenerator.Now, out var advice));
        Assert.NotNull(advice);
        Assert.NotEmpty(advice.Decisions);
        return (request, advice);
    }
}
