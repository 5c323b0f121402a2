using System.Security.Cryptography;
using System.Text;
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
/// the request and the reply, with the decision template's fields made once per activated snapshot
/// (<see cref="Encode"/>). Making the record object and serializing it was most of the trail's cost on the call's own
/// thread under h2load (perf: 5.1 % of the server's CPU in the serializer, 0.8 % building the record).
/// </remarks>
/// <param name="instance">The server instance that answers.</param>
/// <param name="incidentIdKey">When set, incident ids are kept as <c>hmac-sha256:{hex}</c> under this key instead of as sent.</param>
public sealed class AuditRecords(string instance, byte[]? incidentIdKey)
{
    private static readonly byte[] CheckEncounterText = MethodText("CheckEncounter");
    private static readonly byte[] AdviseEncounterText = MethodText("AdviseEncounter");
    private static readonly byte[] CheckCooperationRequestText = MethodText("CheckCooperationRequest");

    /// <summary>The server instance's field: <c>,"instance":"…"</c>.</summary>
    internal byte[] InstanceText { get; } = AuditJsonText.Fragment(writer => writer.WriteString(AuditRecord.Names.Instance, instance));

    /// <summary>The record of a CheckEncounter (or of one action of an AdviseEncounter, <paramref name="method"/>).</summary>
    public DecisionAuditRecord Encounter(EncounterRequest request, Decision decision, string caller, PeerAddress peer, DateTimeOffset time, string method = "CheckEncounter")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(caller);
        var methodText = method switch
        {
            "CheckEncounter" => CheckEncounterText,
            "AdviseEncounter" => AdviseEncounterText,
            _ => MethodText(method),
        };
        return new DecisionAuditRecord(this, methodText, request, null, decision, caller, peer, time);
    }

    /// <summary>The record of a CheckCooperationRequest.</summary>
    public DecisionAuditRecord Cooperation(CooperationRequest request, Decision decision, string caller, PeerAddress peer, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(caller);
        return new DecisionAuditRecord(this, CheckCooperationRequestText, null, request, decision, caller, peer, time);
    }

    /// <summary>The template fields of <paramref name="decision"/> as its records keep them: set on a reply template
    /// when a snapshot is activated (<see cref="DecisionMessages"/>), and made here for any other decision.</summary>
    internal static DecisionAuditText Encode(Decision decision)
    {
        var jurisdiction = AuditJsonText.Fragment(writer => writer.WriteString(AuditRecord.Names.Jurisdiction, decision.Jurisdiction));
        var action = AuditJsonText.Fragment(writer => writer.WriteString(AuditRecord.Names.Action, WireNames.Actions.Full((int)decision.Action)));
        var outcome = AuditJsonText.Fragment(writer =>
        {
            writer.WriteString(AuditRecord.Names.Outcome, WireNames.Outcomes.Full((int)decision.Outcome));
            writer.WriteStartArray(AuditRecord.Names.Obligations);
            foreach (var obligation in decision.Obligations)
            {
                writer.WriteStringValue(WireNames.Obligations.Full((int)obligation.Code));
            }

            writer.WriteEndArray();
            writer.WriteStartArray(AuditRecord.Names.Sources);
            foreach (var citation in decision.Citations)
            {
                if (citation.Effect == Effect.Determining)
                {
                    writer.WriteStringValue(citation.Source + " §" + citation.Section);
                }
            }

            writer.WriteEndArray();
            writer.WriteString(AuditRecord.Names.Revision, decision.PolicyRevision);
        });
        return new DecisionAuditText([.. jurisdiction, .. action], jurisdiction, outcome);
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

    private static byte[] MethodText(string method) => AuditJsonText.Fragment(writer => writer.WriteString(AuditRecord.Names.Method, method));
}
