using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceService.Audit;

/// <summary>
/// One decision as the audit trail keeps it (CJIS AU-3: what, when, where, source, outcome, identities): one per
/// CheckEncounter, per CheckCooperationRequest and per action of AdviseEncounter. Enumerations are kept by their wire
/// names. No names and no free text from the caller beyond the incident id (or its keyed hash).
/// </summary>
public sealed record AuditRecord : IAuditRecordJson
{
    /// <summary>The decision id the caller received.</summary>
    [JsonPropertyName(Names.DecisionId)]
    public required string DecisionId { get; init; }

    /// <summary>The server's clock when it decided (UTC).</summary>
    [JsonPropertyName(Names.Time)]
    public required DateTimeOffset Time { get; init; }

    /// <summary>Which method decided: CheckEncounter, CheckCooperationRequest or AdviseEncounter.</summary>
    [JsonPropertyName(Names.Method)]
    public required string Method { get; init; }

    /// <summary>Who asked: the client certificate's subject or the token's client id; <c>anonymous</c> without authentication.</summary>
    [JsonPropertyName(Names.Caller)]
    public required string Caller { get; init; }

    /// <summary>The caller's address, as the server saw it.</summary>
    [JsonPropertyName(Names.Peer)]
    public string? Peer { get; init; }

    /// <summary>The server instance that answered.</summary>
    [JsonPropertyName(Names.Instance)]
    public required string Instance { get; init; }

    /// <summary>The jurisdiction decided for.</summary>
    [JsonPropertyName(Names.Jurisdiction)]
    public required string Jurisdiction { get; init; }

    /// <summary>The action (encounters) or the request (cooperation).</summary>
    [JsonPropertyName(Names.Action)]
    public string? Action { get; init; }

    /// <summary>The federal request (cooperation).</summary>
    [JsonPropertyName(Names.Request)]
    public string? Request { get; init; }

    /// <summary>The requesting agency (cooperation).</summary>
    [JsonPropertyName(Names.Agency)]
    public string? Agency { get; init; }

    /// <summary>The kind of contact (encounters).</summary>
    [JsonPropertyName(Names.Contact)]
    public string? Contact { get; init; }

    /// <summary>The person's role (encounters).</summary>
    [JsonPropertyName(Names.Role)]
    public string? Role { get; init; }

    /// <summary>The crime (encounters), when given.</summary>
    [JsonPropertyName(Names.Crime)]
    public string? Crime { get; init; }

    /// <summary>The facts given as true (the basis of a cooperation request).</summary>
    [JsonPropertyName(Names.Facts)]
    public IReadOnlyList<string> Facts { get; init; } = [];

    /// <summary>The facts given as unknown.</summary>
    [JsonPropertyName(Names.UnknownFacts)]
    public IReadOnlyList<string> UnknownFacts { get; init; } = [];

    /// <summary>The date decided for, when the caller set as_of.</summary>
    [JsonPropertyName(Names.AsOf)]
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>The outcome answered.</summary>
    [JsonPropertyName(Names.Outcome)]
    public required string Outcome { get; init; }

    /// <summary>The obligation codes answered.</summary>
    [JsonPropertyName(Names.Obligations)]
    public IReadOnlyList<string> Obligations { get; init; } = [];

    /// <summary>The sources that determined the outcome, as "source §section".</summary>
    [JsonPropertyName(Names.Sources)]
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The policy revision that answered.</summary>
    [JsonPropertyName(Names.Revision)]
    public required string Revision { get; init; }

    /// <summary>The caller's incident id, or its keyed hash (<c>hmac-sha256:…</c>) when incident ids are hashed.</summary>
    [JsonPropertyName(Names.IncidentId)]
    public string? IncidentId { get; init; }

    /// <summary>Set on a record of someone reading the trail (not a decision): what they asked for and how many records they got.</summary>
    [JsonPropertyName(Names.Access)]
    public string? Access { get; init; }

    /// <summary>Writes this record's JSON object through the serializer (the form the segments keep).</summary>
    public void WriteTo(IBufferWriter<byte> json)
    {
        using var writer = new Utf8JsonWriter(json);
        JsonSerializer.Serialize(writer, this, AuditJson.Default.AuditRecord);
    }

    /// <summary>The JSON name of each field, in the order the serializer writes them (the order of the properties).</summary>
    public static class Names
    {
        /// <summary><c>decision_id</c></summary>
        public const string DecisionId = "decision_id";

        /// <summary><c>time</c></summary>
        public const string Time = "time";

        /// <summary><c>method</c></summary>
        public const string Method = "method";

        /// <summary><c>caller</c></summary>
        public const string Caller = "caller";

        /// <summary><c>peer</c></summary>
        public const string Peer = "peer";

        /// <summary><c>instance</c></summary>
        public const string Instance = "instance";

        /// <summary><c>jurisdiction</c></summary>
        public const string Jurisdiction = "jurisdiction";

        /// <summary><c>action</c></summary>
        public const string Action = "action";

        /// <summary><c>request</c></summary>
        public const string Request = "request";

        /// <summary><c>agency</c></summary>
        public const string Agency = "agency";

        /// <summary><c>contact</c></summary>
        public const string Contact = "contact";

        /// <summary><c>role</c></summary>
        public const string Role = "role";

        /// <summary><c>crime</c></summary>
        public const string Crime = "crime";

        /// <summary><c>facts</c></summary>
        public const string Facts = "facts";

        /// <summary><c>unknown_facts</c></summary>
        public const string UnknownFacts = "unknown_facts";

        /// <summary><c>as_of</c></summary>
        public const string AsOf = "as_of";

        /// <summary><c>outcome</c></summary>
        public const string Outcome = "outcome";

        /// <summary><c>obligations</c></summary>
        public const string Obligations = "obligations";

        /// <summary><c>sources</c></summary>
        public const string Sources = "sources";

        /// <summary><c>revision</c></summary>
        public const string Revision = "revision";

        /// <summary><c>incident_id</c></summary>
        public const string IncidentId = "incident_id";

        /// <summary><c>access</c></summary>
        public const string Access = "access";
    }
}
