namespace ComplianceService.LoadTest;

/// <summary>The targets <c>--client</c> can pick, by name.</summary>
public static class LoadTargets
{
    /// <summary>Raw gRPC over HTTP/2 with pre-serialized frames (<see cref="GrpcHttp2Target"/>).</summary>
    public const string Raw = "raw";

    /// <summary>Name to factory. To add the typed ComplianceService.Client, add one entry here.</summary>
    public static IReadOnlyDictionary<string, LoadTargetFactory> Known { get; } =
        new Dictionary<string, LoadTargetFactory>(StringComparer.Ordinal)
        {
            [Raw] = static (address, mix, settings) => new GrpcHttp2Target(address, mix, settings),
        };
}
