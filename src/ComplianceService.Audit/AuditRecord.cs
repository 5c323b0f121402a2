using System.Text.Json.Serialization;

namespace ComplianceService.Audit;

/// <summary>
/// One decision as the audit trail keeps it (CJIS AU-3: what, when, where, source, outcome, identities): one per
/// CheckEncounter, per CheckCooperationRequest and per action of AdviseEncounter. Enumerations are kept by their wire
/// names. No names and no free text from the caller beyond the incident id (or its keyed hash).
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The decision id the caller received.</summary>
    [JsonPropertyName("decision_id")]
    public required string DecisionId { get; init; }

    /// <summary>The server's clock when it decided (UTC).</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>Which method decided: CheckEncounter, CheckCooperationRequest or AdviseEncounter.</summary>
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    /// <summary>Who asked: the client certificate's subject or the token's client id; <c>anonymous</c> without authentication.</summary>
    [JsonPropertyName("caller")]
    public required string Caller { get; init; }

    /// <summary>The caller's address, as the server saw it.</summary>
    [JsonPropertyName("peer")]
    public string? Peer { get; init; }

    /// <summary>The server instance that answered.</summary>
    [JsonPropertyName("instance")]
    public required string Instance { get; init; }

    /// <summary>The jurisdiction decided for.</summary>
    [JsonPropertyName("jurisdiction")]
    public required string Jurisdiction { get; init; }

    /// <summary>The action (encounters) or the request (cooperation).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; init; }

    /// <summary>The federal request (cooperation).</summary>
    [JsonPropertyName("request")]
    public string? Request { get; init; }

    /// <summary>The requesting agency (cooperation).</summary>
    [JsonPropertyName("agency")]
    public string? Agency { get; init; }

    /// <summary>The kind of contact (encounters).</summary>
    [JsonPropertyName("contact")]
    public string? Contact { get; init; }

    /// <summary>The person's role (encounters).</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>The crime (encounters), when given.</summary>
    [JsonPropertyName("crime")]
    public string? Crime { get; init; }

    /// <summary>The facts given as true (the basis of a cooperation request).</summary>
    [JsonPropertyName("facts")]
    public IReadOnlyList<string> Facts { get; init; } = [];

    /// <summary>The facts given as unknown.</summary>
    [JsonPropertyName("unknown_facts")]
    public IReadOnlyList<string> UnknownFacts { get; init; } = [];

    /// <summary>The date decided for, when the caller set as_of.</summary>
    [JsonPropertyName("as_of")]
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The outcome answered.</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    /// <summary>The obligation codes answered.</summary>
    [JsonPropertyName("obligations")]
    public IReadOnlyList<string> Obligations { get; init; } = [];

    /// <summary>The sources that determined the outcome, as "source §section".</summary>
    [JsonPropertyName("sources")]
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The policy revision that answered.</summary>
    [JsonPropertyName("revision")]
    public required string Revision { get; init; }

    /// <summary>The caller's incident id, or its keyed hash (<c>hmac-sha256:…</c>) when incident ids are hashed.</summary>
    [JsonPropertyName("incident_id")]
    public string? IncidentId { get; init; }

    /// <summary>Set on a record of someone reading the trail (not a decision): what they asked for and how many records they got.</summary>
    [JsonPropertyName("access")]
    public string? Access { get; init; }
}
