using ComplianceService.Contracts.V1;
using ComplianceService.Engine;

namespace ComplianceService.Wire;

/// <summary>
/// A decision on its way to the wire: the engine's decision, its snapshot's template bytes, the
/// per-call decision id and the caller's incident id. Written without building a
/// <see cref="Decision"/> message (<see cref="GetSize"/>, <see cref="Write"/>).
/// </summary>
public readonly struct DecisionReply
{
    /// <summary>Length of a decision id: a UUID (version 7, time-ordered) in its 36-character form.</summary>
    public const int DecisionIdLength = 36;

    // Every decision id is 36 ASCII characters, so sizing needs no formatting: Write formats it once.
    private static readonly string DecisionIdShape = new('0', DecisionIdLength);

    private readonly DecisionEncoding _encoding;

    internal DecisionReply(DecisionEncoding encoding, EngineDecision decision, Guid decisionId, string incidentId)
    {
        _encoding = encoding;
        Decision = decision;
        DecisionId = decisionId;
        IncidentId = incidentId;
    }

    /// <summary>The engine's decision.</summary>
    public EngineDecision Decision { get; }

    /// <summary>This decision's id.</summary>
    public Guid DecisionId { get; }

    /// <summary>The caller's incident id, echoed.</summary>
    public string IncidentId { get; }

    /// <summary>The size of the serialized reply.</summary>
    public int GetSize() => DecisionWriter.GetSize(_encoding, Decision, DecisionIdShape, IncidentId);

    /// <summary>Writes the serialized reply (at least <see cref="GetSize"/> bytes); returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        Span<char> id = stackalloc char[DecisionIdLength];
        DecisionId.TryFormat(id, out var written);
        return DecisionWriter.Write(_encoding, Decision, id[..written], IncidentId, destination);
    }

    /// <summary>The reply as a message (allocates).</summary>
    public Decision ToMessage() => Decision.ToMessage(DecisionId.ToString(), IncidentId);
}
