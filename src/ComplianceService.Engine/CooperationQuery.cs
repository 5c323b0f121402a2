using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>
/// One request from a federal agency to decide, already validated (see <see cref="EncounterQuery"/>).
/// The agency is not an input of any rule, so it is not part of the query.
/// </summary>
public readonly struct CooperationQuery
{
    /// <summary>The jurisdiction id.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>What the agency asks for.</summary>
    public Request Request { get; init; }

    /// <summary>What the request rests on (basis facts only).</summary>
    public FactSet Basis { get; init; }

    /// <summary>The basis facts the caller cannot answer, in request order.</summary>
    public UnknownFacts UnknownFacts { get; init; }

    /// <summary>The UTC instant to decide for.</summary>
    public required DateTime AsOf { get; init; }

    /// <summary>When true, the decision lists each basis fact whose flip alone would change the outcome.</summary>
    public bool IncludeWhatIf { get; init; }
}
