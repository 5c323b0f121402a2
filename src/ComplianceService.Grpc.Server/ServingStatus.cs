namespace ComplianceService.Grpc.Server;

/// <summary>The serving status of a service, as reported by <c>grpc.health.v1.Health</c>.</summary>
public enum ServingStatus
{
    /// <summary>Not known.</summary>
    Unknown = 0,
    /// <summary>Ready for calls.</summary>
    Serving = 1,
    /// <summary>Not ready for calls.</summary>
    NotServing = 2,
    /// <summary>The service is not registered (sent by Watch only).</summary>
    ServiceUnknown = 3,
}
