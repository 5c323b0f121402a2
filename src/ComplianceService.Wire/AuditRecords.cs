using System.Security.Cryptography;
using System.Text;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace ComplianceService.Wire;

/// <summary>
/// The audit records of answered requests, from the request and the decision as sent: enumerations by their wire names,
/// the determining sources, and the incident id (or its keyed hash). Nothing else the caller wrote is kept.
/// </summary>
/// <param name="instance">The server instance that answers.</param>
/// <param name="incidentIdKey">When set, incident ids are kept as <c>hmac-sha256:{hex}</c> under this key instead of as sent.</param>
public sealed class AuditRecords(string instance, byte[]? incidentIdKey)
{
    /// <summary>The record of a CheckEncounter (or of one action of an AdviseEncounter, <paramref name="method"/>).</summary>
    public AuditRecord Encounter(EncounterRequest request, Decision decision, string caller, string? peer, DateTimeOffset time, string method = "CheckEncounter")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var asked = new Asked(
            WireNames.Actions.Full((int)decision.Action),
            null,
            null,
            WireNames.Contacts.Full((int)request.Contact),
            WireNames.Roles.Full((int)request.Role),
            request.Crime == Crime.Unspecified ? null : WireNames.Crimes.Full((int)request.Crime));
        return Decided(decision, method, caller, peer, time, asked, request.Facts, request.UnknownFacts, request.AsOf, request.IncidentId);
    }

    /// <summary>The record of a CheckCooperationRequest.</summary>
    public AuditRecord Cooperation(CooperationRequest request, Decision decision, string caller, string? peer, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asked = new Asked(null, WireNames.Requests.Full((int)request.Request), WireNames.Agencies.Full((int)request.Agency), null, null, null);
        return Decided(decision, "CheckCooperationRequest", caller, peer, time, asked, request.Basis, request.UnknownFacts, request.AsOf, request.IncidentId);
    }

    // One record, built once: who asked, what was asked (by wire name), the facts given, and what was decided.
    private AuditRecord Decided(
        Decision decision, string method, string caller, string? peer, DateTimeOffset time, in Asked asked,
        RepeatedField<Fact> facts, RepeatedField<Fact> unknownFacts, Timestamp? asOf, string incidentId)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new AuditRecord
        {
            DecisionId = decision.DecisionId,
            Time = time,
            Method = method,
            Caller = caller,
            Peer = peer,
            Instance = instance,
            Jurisdiction = decision.Jurisdiction,
            Action = asked.Action,
            Request = asked.Request,
            Agency = asked.Agency,
            Contact = asked.Contact,
            Role = asked.Role,
            Crime = asked.Crime,
            Facts = Names(facts),
            UnknownFacts = Names(unknownFacts),
            AsOf = asOf?.ToDateTimeOffset(),
            Outcome = WireNames.Outcomes.Full((int)decision.Outcome),
            Obligations = Obligations(decision),
            Sources = Determining(decision),
            Revision = decision.PolicyRevision,
            IncidentId = Incident(incidentId),
        };
    }

    private readonly record struct Asked(string? Action, string? Request, string? Agency, string? Contact, string? Role, string? Crime);

    private static string[] Names(RepeatedField<Fact> facts)
    {
        var names = new string[facts.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = WireNames.Facts.Full((int)facts[i]);
        }

        return names;
    }

    private static string[] Obligations(Decision decision)
    {
        var codes = new string[decision.Obligations.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = WireNames.Obligations.Full((int)decision.Obligations[i].Code);
        }

        return codes;
    }

    private static string[] Determining(Decision decision)
    {
        var count = 0;
        foreach (var citation in decision.Citations)
        {
            count += citation.Effect == Effect.Determining ? 1 : 0;
        }

        var sources = new string[count];
        count = 0;
        foreach (var citation in decision.Citations)
        {
            if (citation.Effect == Effect.Determining)
            {
                sources[count++] = citation.Source + " §" + citation.Section;
            }
        }

        return sources;
    }

    private string? Incident(string incidentId)
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
