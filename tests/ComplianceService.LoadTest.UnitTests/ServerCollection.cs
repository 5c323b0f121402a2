namespace ComplianceService.LoadTest.UnitTests;

/// <summary>Tests that load a real server run one at a time, so their measurements do not
/// compete with each other for this machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection
{
    public const string Name = "real HTTP/2 server";
}
