using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Wire;

/// <summary>
/// The audit records of answered requests, from the request and the decision as sent: enumerations by their wire names,
/// the determining sources, and the incident id (or its keyed hash). Nothing else the caller wrote is kept.
/// </summary>
/// <remarks>
/// A record is not made as an <see cref="AuditRecord"/>: <see cref="DecisionAuditRecord"/> writes its JSON straight from
/// the request and the reply, with the decision template's fields encoded once per activated snapshot
/// (<see cref="Encode"/>) and the wire names once per process. Making the record object and serializing it was about
/// 1 µs of a decision's CPU under h2load, most of the trail's cost on the call's own thread.
/// </remarks>
/// <param name="instance">The server instance that answers.</param>
/// <param name="incidentIdKey">When set, incident ids are kept as <c>hmac-sha256:{hex}</c> under this key instead of as sent.</param>
public sealed class AuditRecords(string instance, byte[]? incidentIdKey)
{
    /// <summary>The server instance, as JSON text.</summary>
    internal JsonEncodedText Instance { get; } = JsonEncodedText.Encode(instance);

    /// <summary>The record of a CheckEncounter (or of one action of an AdviseEncounter, <paramref name="method"/>).</summary>
    public DecisionAuditRecord Encounter(EncounterRequest request, Decision decision, string caller, PeerAddress peer, DateTimeOffset time, string method = "CheckEncounter")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(caller);
        return new DecisionAuditRecord(this, method, request, null, decision, caller, peer, time);
    }

    /// <summary>The record of a CheckCooperationRequest.</summary>
    public DecisionAuditRecord Cooperation(CooperationRequest request, Decision decision, string caller, PeerAddress peer, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(caller);
        return new DecisionAuditRecord(this, "CheckCooperationRequest", null, request, decision, caller, peer, time);
    }

    /// <summary>The template fields of <paramref name="decision"/> as its records keep them: set on a reply template
    /// when a snapshot is activated (<see cref="DecisionMessages"/>), and made here for any other decision.</summary>
    internal static DecisionAuditText Encode(Decision decision)
    {
        var obligations = new JsonEncodedText[decision.Obligations.Count];
        for (var i = 0; i < obligations.Length; i++)
        {
            obligations[i] = WireNameText.Obligations[(int)decision.Obligations[i].Code];
        }

        var sources = new List<JsonEncodedText>();
        foreach (var citation in decision.Citations)
        {
            if (citation.Effect == Effect.Determining)
            {
                sources.Add(JsonEncodedText.Encode(citation.Source + " §" + citation.Section));
            }
        }

        return new DecisionAuditText(
            JsonEncodedText.Encode(decision.Jurisdiction),
            WireNameText.Actions[(int)decision.Action],
            WireNameText.Outcomes[(int)decision.Outcome],
            obligations,
            [.. sources],
            JsonEncodedText.Encode(decision.PolicyRevision));
    }

    /// <summary>The incident id as kept: as sent, or its keyed hash; null when none was sent.</summary>
    internal string? Incident(string incidentId)
    {
        if (string.IsNullOrEmpty(incidentId))
        {
            return null;
        }

        return incidentIdKey is null
            ? incidentId
            : "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(incidentIdKey, Encoding.UTF8.GetBytes(incidentId)));
    }
}
