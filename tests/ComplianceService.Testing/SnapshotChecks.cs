using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Wire;
using Xunit;

namespace ComplianceService.Testing;

/// <summary>
/// How these tests decide: requests written the way DOMAIN.md states them are read into engine
/// queries by the adapter's <see cref="RequestReader"/> (the server's one reader; the requests here
/// are valid, and refusals are the adapter's tests), then the engine decides the query. Decisions
/// are compared as the reply message the server sends (<see cref="DecisionMessages"/>).
/// </summary>
public static class SnapshotChecks
{
    /// <summary>Reads a valid request into a query and decides it.</summary>
    public static EngineDecision CheckEncounter(this PolicySnapshot snapshot, EncounterRequest request, DateTime nowUtc) =>
        snapshot.CheckEncounter(EncounterQuery(request, nowUtc));

    /// <summary>Reads a valid request into a query and decides it.</summary>
    public static EngineDecision CheckCooperationRequest(this PolicySnapshot snapshot, CooperationRequest request, DateTime nowUtc) =>
        snapshot.CheckCooperationRequest(CooperationQuery(request, nowUtc));

    /// <summary>Reads a valid AdviseEncounter request into a query and decides every action.</summary>
    public static EngineAdvice AdviseEncounter(this PolicySnapshot snapshot, EncounterRequest request, DateTime nowUtc)
    {
        var error = RequestReader.ReadAdvice(request, nowUtc, out var query);
        Assert.True(error is null, error?.Message);
        return snapshot.AdviseEncounter(query);
    }

    /// <summary>The query of a valid request.</summary>
    public static EncounterQuery EncounterQuery(EncounterRequest request, DateTime nowUtc)
    {
        var error = RequestReader.ReadEncounter(request, nowUtc, out var query);
        Assert.True(error is null, error?.Message);
        return query;
    }

    /// <summary>The query of a valid request.</summary>
    public static CooperationQuery CooperationQuery(CooperationRequest request, DateTime nowUtc)
    {
        var error = RequestReader.ReadCooperation(request, nowUtc, out var query);
        Assert.True(error is null, error?.Message);
        return query;
    }
}
