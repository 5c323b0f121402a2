using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine;

/// <summary>
/// One encounter to decide, already validated (the gRPC adapter checks every field of a request
/// and names the one at fault): the engine trusts it and only answers whether the jurisdiction is
/// served. A value; pass it with <c>in</c>.
/// </summary>
public readonly struct EncounterQuery
{
    /// <summary>The jurisdiction id, e.g. "us-ks-roeland-park" (exact, lower case).</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>The action to decide; not read by AdviseEncounter, which decides every one.</summary>
    public Action Action { get; init; }

    /// <summary>How the contact came about.</summary>
    public Contact Contact { get; init; }

    /// <summary>The person's role.</summary>
    public Role Role { get; init; }

    /// <summary>The crime (required for CERTIFY_VISA, optional elsewhere).</summary>
    public Crime Crime { get; init; }

    /// <summary>The facts known true; every other fact is false unless unknown.</summary>
    public FactSet Facts { get; init; }

    /// <summary>The facts the caller cannot answer, in request order.</summary>
    public UnknownFacts UnknownFacts { get; init; }

    /// <summary>The UTC instant to decide for (the adapter puts the server's clock when the request leaves it unset).</summary>
    public required DateTime AsOf { get; init; }

    /// <summary>When true, the decision lists each fact whose flip alone would change the outcome.</summary>
    public bool IncludeWhatIf { get; init; }
}
