namespace ComplianceService.LoadTest;

/// <summary>The targets <c>--client</c> can pick, by name.</summary>
public static class LoadTargets
{
    /// <summary>Raw gRPC over HTTP/2 with pre-serialized frames (<see cref="GrpcHttp2Target"/>).</summary>
    public const string Raw = "raw";

    /// <summary>The typed ComplianceService.Client (<see cref="TypedClientTarget"/>), the default.</summary>
    public const string Typed = "typed";

    /// <summary>Name to factory.</summary>
    public static IReadOnlyDictionary<string, LoadTargetFactory> Known { get; } =
        new Dictionary<string, LoadTargetFactory>(StringComparer.Ordinal)
        {
            [Typed] = static (address, mix, settings) => new TypedClientTarget(address, mix, settings),
            [Raw] = static (address, mix, settings) => new GrpcHttp2Target(address, mix, settings),
        };
}
