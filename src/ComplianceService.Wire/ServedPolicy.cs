using System.Diagnostics.CodeAnalysis;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;

namespace ComplianceService.Wire;

/// <summary>
/// A policy snapshot as the gRPC service answers from it: each method reads the request into a
/// query (<see cref="RequestReader"/>), asks the engine, and returns the reply or the
/// <see cref="RequestError"/> that refuses the request. The host's handlers and the scenario
/// runner both decide through here, so a scenario is decided exactly as the server decides it.
/// Created once per activated snapshot.
/// </summary>
/// <remarks>
/// Replies are <see cref="Decision"/> messages built from one reply template per engine template, made here once per
/// snapshot: the template's fields and child messages (shared by every reply) and their bytes, which
/// <see cref="DecisionEncoding"/> copies onto the wire with the per-call fields.
/// </remarks>
public sealed class ServedPolicy
{
    // Indexed by DecisionTemplate.Index.
    private readonly Decision[] _replyTemplates;

    private ServedPolicy(PolicySnapshot snapshot)
    {
        Snapshot = snapshot;
        _replyTemplates = new Decision[snapshot.Templates.Length];
        foreach (var template in snapshot.Templates)
        {
            _replyTemplates[template.Index] = DecisionMessages.ToReplyTemplate(template);
        }
    }

    /// <summary>The engine's snapshot.</summary>
    public PolicySnapshot Snapshot { get; }

    /// <summary>The revision that answers.</summary>
    public string Revision => Snapshot.Revision;

    /// <summary>Prepares <paramref name="snapshot"/> to be served.</summary>
    public static ServedPolicy Create(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new ServedPolicy(snapshot);
    }

    /// <summary>CheckEncounter: the reply, or (null reply) why the request is refused.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="nowUtc">The server's clock.</param>
    /// <param name="reply">The reply, with a new decision id, when the result is null.</param>
    public RequestError? CheckEncounter(EncounterRequest request, DateTime nowUtc, [NotNullWhen(false)] out Decision? reply)
    {
        reply = null;
        if (RequestReader.ReadEncounter(request, nowUtc, out var query) is { } error)
        {
            return error;
        }

        var decision = Snapshot.CheckEncounter(query);
        if (!decision.IsDecided)
        {
            return RequestReader.UnknownJurisdiction(query.Jurisdiction);
        }

        reply = Reply(decision, request.IncidentId);
        return null;
    }

    /// <summary>CheckCooperationRequest: the reply, or why the request is refused.</summary>
    public RequestError? CheckCooperationRequest(CooperationRequest request, DateTime nowUtc, [NotNullWhen(false)] out Decision? reply)
    {
        reply = null;
        if (RequestReader.ReadCooperation(request, nowUtc, out var query) is { } error)
        {
            return error;
        }

        var decision = Snapshot.CheckCooperationRequest(query);
        if (!decision.IsDecided)
        {
            return RequestReader.UnknownJurisdiction(query.Jurisdiction);
        }

        reply = Reply(decision, request.IncidentId);
        return null;
    }

    /// <summary>AdviseEncounter: every action's decision (each with its own decision id), or why
    /// the request is refused.</summary>
    public RequestError? AdviseEncounter(EncounterRequest request, DateTime nowUtc, [NotNullWhen(false)] out EncounterAdvice? advice)
    {
        advice = null;
        if (RequestReader.ReadAdvice(request, nowUtc, out var query) is { } error)
        {
            return error;
        }

        var decisions = Snapshot.AdviseEncounter(query);
        if (!decisions.IsDecided)
        {
            return RequestReader.UnknownJurisdiction(query.Jurisdiction);
        }

        advice = new EncounterAdvice { PolicyRevision = decisions.PolicyRevision };
        foreach (var decision in decisions.Decisions)
        {
            advice.Decisions.Add(Reply(decision, request.IncidentId));
        }

        return null;
    }

    /// <summary>GetJurisdictionPolicy: the jurisdiction's sources and rules, or why the request is refused (no
    /// jurisdiction named, or one not served).</summary>
    public RequestError? GetJurisdictionPolicy(GetJurisdictionPolicyRequest request, [NotNullWhen(false)] out JurisdictionPolicy? reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        reply = null;
        if (string.IsNullOrEmpty(request.Jurisdiction))
        {
            return new RequestError(RequestErrorKind.InvalidArgument, "jurisdiction", "required: a jurisdiction id such as us-ks-roeland-park");
        }

        reply = Snapshot.ToJurisdictionPolicy(request.Jurisdiction);
        return reply is null ? RequestReader.UnknownJurisdiction(request.Jurisdiction) : null;
    }

    // The reply to one decision, with a new decision id.
    private Decision Reply(in EngineDecision decision, string incidentId) =>
        decision.ToReply(_replyTemplates[decision.Template.Index], DecisionIds.Next().ToString(), incidentId);

    /// <summary>ListJurisdictions: the jurisdictions served (a new message per call).</summary>
    public ListJurisdictionsResponse ListJurisdictions() => Snapshot.ToListJurisdictionsResponse();
}
