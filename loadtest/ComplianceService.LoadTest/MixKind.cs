namespace ComplianceService.LoadTest;

/// <summary>Which calls a <see cref="RequestMix"/> holds.</summary>
public enum MixKind
{
    /// <summary>CheckEncounter only.</summary>
    Encounter,

    /// <summary>CheckCooperationRequest only.</summary>
    Cooperation,

    /// <summary>Three encounter checks to one cooperation check.</summary>
    Mixed,

    /// <summary>grpc.health.v1.Health/Check only: the cheapest call the server answers, a baseline.</summary>
    Health,
}
