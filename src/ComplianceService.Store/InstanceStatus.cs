namespace ComplianceService.Store;

/// <summary>Which revision one server instance reported as loaded, and when it last reported.</summary>
/// <param name="InstanceId">The instance's identifier (<see cref="PolicyStoreOptions.InstanceId"/>).</param>
/// <param name="Revision">The revision the instance is serving.</param>
/// <param name="LastSeen">When the instance last reported, in UTC.</param>
public sealed record InstanceStatus(string InstanceId, string Revision, DateTimeOffset LastSeen);
