using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using Google.Protobuf.WellKnownTypes;

namespace ComplianceService.Wire;

/// <summary>
/// Engine results as compliance.v1 messages: every reply the service sends is built here.
/// </summary>
public static class DecisionMessages
{
    /// <summary>A complete <see cref="Decision"/> message (allocates).</summary>
    /// <param name="decision">A decision (not a jurisdiction-not-found result).</param>
    /// <param name="decisionId">The decision id to set, if any.</param>
    /// <param name="incidentId">The incident id to echo, if any.</param>
    public static Decision ToMessage(this in EngineDecision decision, string? decisionId = null, string? incidentId = null) =>
        WithPerCallFields(ToMessage(decision.Template), decision, decisionId, incidentId);

    /// <summary>
    /// The reply to a check: the fields of <paramref name="template"/> (a reply template, <see cref="ToReplyTemplate"/>,
    /// of <paramref name="decision"/>'s engine template; its obligations and citations are shared, never changed) with
    /// its bytes for <see cref="DecisionEncoding"/>, and the per-call fields. Equal to
    /// <see cref="ToMessage(in EngineDecision, string?, string?)"/>'s message.
    /// </summary>
    internal static Decision ToReply(this in EngineDecision decision, Decision template, string decisionId, string incidentId)
    {
        // The generated MergeFrom copies every field the template has set, and adds its obligations and citations by
        // reference (no clone): the template's field list is written once, in ToMessage(DecisionTemplate).
        var message = new Decision { TemplateBytes = template.TemplateBytes, AuditText = template.AuditText };
        message.MergeFrom(template);
        return WithPerCallFields(message, decision, decisionId, incidentId);
    }

    /// <summary>The template's fields as a decision message with their bytes (<see cref="DecisionEncoding.Encode"/>) and
    /// their audit record text (<see cref="AuditRecords.Encode"/>): made once per template when a snapshot is activated,
    /// and copied into every reply built from it.</summary>
    internal static Decision ToReplyTemplate(DecisionTemplate template)
    {
        var reply = DecisionEncoding.Encode(ToMessage(template));
        reply.AuditText = AuditRecords.Encode(reply);
        return reply;
    }

    /// <summary>The ListJurisdictions reply for a snapshot (a new message per call).</summary>
    public static ListJurisdictionsResponse ToListJurisdictionsResponse(this PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var response = new ListJurisdictionsResponse { PolicyRevision = snapshot.Revision };
        foreach (var jurisdiction in snapshot.Jurisdictions)
        {
            response.Jurisdictions.Add(jurisdiction.ToMessage());
        }

        return response;
    }

    /// <summary>The reply of GetJurisdictionPolicy: the jurisdiction with the sources of its chain, and every rule of
    /// each source (source by source, in the same order), or null when the snapshot does not serve it.</summary>
    public static JurisdictionPolicy? ToJurisdictionPolicy(this PolicySnapshot snapshot, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = snapshot.JurisdictionIds.AsSpan().BinarySearch(jurisdiction, StringComparer.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var description = snapshot.Jurisdictions[index];
        var policy = new JurisdictionPolicy { Jurisdiction = description.ToMessage(), PolicyRevision = snapshot.Revision };
        foreach (var source in description.Sources)
        {
            foreach (var rule in snapshot.RulesOf(source.Id))
            {
                var message = new PolicyRule
                {
                    Source = rule.Source,
                    Section = rule.Section,
                    Quote = rule.Quote,
                    When = rule.When,
                    Outcome = rule.Outcome,
                    Guidance = rule.Guidance,
                    Provenance = rule.Provenance,
                };
                message.Actions.AddRange(rule.Actions);
                message.Requests.AddRange(rule.Requests);
                message.Obligations.AddRange(rule.Obligations);
                policy.Rules.Add(message);
            }
        }

        return policy;
    }

    private static Jurisdiction ToMessage(this JurisdictionDescription jurisdiction)
    {
        var message = new Jurisdiction { Id = jurisdiction.Id, Name = jurisdiction.Name, Parent = jurisdiction.Parent };
        foreach (var source in jurisdiction.Sources)
        {
            message.Sources.Add(new Source
            {
                Id = source.Id,
                Title = source.Title,
                Authority = source.Authority,
                Effective = source.Effective is { } day ? Timestamp.FromDateTime(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) : null,
                Jurisdiction = source.Jurisdiction,
                Seed = source.Seed,
                Provenance = source.Provenance,
            });
        }

        foreach (var relevant in jurisdiction.RelevantInputs)
        {
            var item = new RelevantInputs { Action = relevant.Action, Request = relevant.Request };
            item.Facts.Add(relevant.Facts);
            item.Contacts.Add(relevant.Contacts);
            item.Roles.Add(relevant.Roles);
            item.Crimes.Add(relevant.Crimes);
            message.RelevantInputs.Add(item);
        }

        return message;
    }

    // decision_id, incident_id, depends_on, alternatives and what_if.
    private static Decision WithPerCallFields(Decision message, in EngineDecision decision, string? decisionId, string? incidentId)
    {
        message.DecisionId = decisionId ?? "";
        message.IncidentId = incidentId ?? "";
        if (!decision.DependsOn.IsEmpty)
        {
            message.DependsOn.Add(decision.DependsOn.ToArray());
        }

        foreach (var alternative in decision.Alternatives)
        {
            var item = new Alternative { Outcome = alternative.Outcome };
            item.TrueFacts.Add(alternative.TrueFacts);
            message.Alternatives.Add(item);
        }

        foreach (var flip in decision.WhatIf)
        {
            message.WhatIf.Add(new WhatIf { Fact = flip.Fact, BecomesTrue = flip.BecomesTrue, Outcome = flip.Outcome });
        }

        return message;
    }

    /// <summary>The template's fields of a <see cref="Decision"/> (1-5, 9 and 11-13), nothing per call.</summary>
    internal static Decision ToMessage(DecisionTemplate template)
    {
        var message = new Decision
        {
            Outcome = template.Outcome,
            Guidance = template.Guidance,
            PolicyRevision = template.PolicyRevision,
            Visa = template.Visa,
            Jurisdiction = template.Jurisdiction,
            Action = template.Action,
            Request = template.Request,
        };
        foreach (var obligation in template.Obligations)
        {
            message.Obligations.Add(new ObligationItem
            {
                Code = obligation.Code,
                Text = obligation.Text,
                Deadline = obligation.Deadline is { } deadline ? new Duration { Seconds = (long)deadline.TotalSeconds } : null,
                Source = obligation.Source,
                Section = obligation.Section,
                Actor = obligation.Actor,
            });
        }

        foreach (var citation in template.Citations)
        {
            message.Citations.Add(new Citation
            {
                Source = citation.Source,
                Section = citation.Section,
                Quote = citation.Quote,
                Authority = citation.Authority,
                Outcome = citation.Outcome,
                Effect = citation.Effect,
                Provenance = citation.Provenance,
            });
        }

        return message;
    }
}
