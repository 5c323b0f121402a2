using ComplianceService.Scenarios;
using Xunit;

namespace ComplianceService.Testing;

/// <summary>The public acceptance scenarios (<c>../shared/scenarios/public.yaml</c>), read once per test process, and
/// their names as theory data (use with <see cref="SharedTheoryAttribute"/>, which skips them without the folder).</summary>
public static class PublicScenarios
{
    private static readonly Lazy<IReadOnlyList<Scenario>> Loaded = new(() => ScenarioFile.Load(RepositoryPaths.PublicScenarios));

    /// <summary>Every public scenario, in file order.</summary>
    public static IReadOnlyList<Scenario> All => Loaded.Value;

    /// <summary>Every public scenario's name, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names() => new(All.Select(s => s.Name));

    /// <summary>The public scenario of that name.</summary>
    public static Scenario Named(string name) => All.Single(s => s.Name == name);
}
