using System.CommandLine;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// The flags that give a request (<c>check</c>, <c>advise</c>, <c>explain</c>): jurisdiction, action or
/// federal request, contact, role, crime, facts, unknown facts, date. Values are given by name, with or
/// without their enum's prefix (<c>--fact STATUS_IN_QUESTION</c>). Each command gets its own instances.
/// </summary>
internal sealed class RequestOptions
{
    public Option<string> Jurisdiction { get; } = new("--jurisdiction", "-j") { Description = "Jurisdiction id, e.g. us-mo-st-joseph", Required = true };

    public Option<string?> Action { get; } = new("--action", "-a") { Description = "The action, e.g. DETAIN_OR_ARREST" };

    public Option<string?> Contact { get; } = new("--contact", "-c") { Description = "How the contact came about, e.g. TRAFFIC_STOP" };

    public Option<string?> Role { get; } = new("--role") { Description = "The person's role, e.g. SUSPECT" };

    public Option<string?> Crime { get; } = new("--crime") { Description = "The crime (CERTIFY_VISA)" };

    public Option<string?> Request { get; } = new("--request") { Description = "A federal request instead of an action, e.g. DETAINER" };

    public Option<string?> Agency { get; } = new("--agency") { Description = "The requesting agency, e.g. ICE" };

    public Option<string[]> Facts { get; } = new("--fact", "-f")
    {
        Description = "A fact known true (repeatable), e.g. STATUS_IN_QUESTION; the basis of a --request",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> UnknownFacts { get; } = new("--unknown-fact", "-u")
    {
        Description = "A fact the caller cannot answer (repeatable, at most 4)",
        DefaultValueFactory = _ => [],
    };

    public Option<DateTimeOffset?> AsOf { get; } = new("--as-of") { Description = "Decide for this time (default: now)" };

    public Option<string?> IncidentId { get; } = new("--incident-id") { Description = "Your incident id, echoed in the decision" };

    /// <summary>The options that describe the request itself (not the server, format or policy), for "given as flags?".</summary>
    public IEnumerable<System.CommandLine.Option> Fields => [Jurisdiction, Action, Contact, Role, Crime, Request, Agency, Facts, UnknownFacts, AsOf, IncidentId];

    /// <summary>The request of <c>check</c>/<c>explain</c>: an encounter with <c>--action</c>, or a federal request with <c>--request</c>.</summary>
    /// <returns>An <see cref="EncounterRequest"/> or a <see cref="CooperationRequest"/>.</returns>
    public IMessage ActionOrRequest(ParseResult parseResult, string command)
    {
        var action = parseResult.GetValue(Action);
        var request = parseResult.GetValue(Request);
        if ((action is null) == (request is null))
        {
            throw new CommandFailure(ExitCodes.Usage, $"{command}: give either --action (an encounter) or --request (a federal cooperation request)");
        }

        return request is null ? Encounter(parseResult, action) : Cooperation(parseResult, request);
    }

    public EncounterRequest Encounter(ParseResult parseResult, string? action)
    {
        var request = new EncounterRequest
        {
            Jurisdiction = parseResult.GetValue(Jurisdiction) ?? string.Empty, // explain does not require it: the request reader names it
            IncidentId = parseResult.GetValue(IncidentId) ?? string.Empty,
            IncludeWhatIf = true,
        };
        if (action is not null)
        {
            request.Action = Parse<Action>("--action", action, "Action");
        }

        if (parseResult.GetValue(Contact) is { } contact)
        {
            request.Contact = Parse<Contact>("--contact", contact, "Contact");
        }

        if (parseResult.GetValue(Role) is { } role)
        {
            request.Role = Parse<Role>("--role", role, "Role");
        }

        if (parseResult.GetValue(Crime) is { } crime)
        {
            request.Crime = Parse<Crime>("--crime", crime, "Crime");
        }

        request.Facts.AddRange(parseResult.GetValue(Facts)!.Select(f => Parse<Fact>("--fact", f, "Fact")));
        request.UnknownFacts.AddRange(parseResult.GetValue(UnknownFacts)!.Select(f => Parse<Fact>("--unknown-fact", f, "Fact")));
        if (parseResult.GetValue(AsOf) is { } asOf)
        {
            request.AsOf = Timestamp.FromDateTimeOffset(asOf);
        }

        return request;
    }

    public CooperationRequest Cooperation(ParseResult parseResult, string request)
    {
        var cooperation = new CooperationRequest
        {
            Jurisdiction = parseResult.GetValue(Jurisdiction) ?? string.Empty, // explain does not require it: the request reader names it
            Request = Parse<Request>("--request", request, "Request"),
            IncidentId = parseResult.GetValue(IncidentId) ?? string.Empty,
            IncludeWhatIf = true,
        };
        if (parseResult.GetValue(Agency) is { } agency)
        {
            cooperation.Agency = Parse<Agency>("--agency", agency, "Agency");
        }

        cooperation.Basis.AddRange(parseResult.GetValue(Facts)!.Select(f => Parse<Fact>("--fact", f, "Fact")));
        cooperation.UnknownFacts.AddRange(parseResult.GetValue(UnknownFacts)!.Select(f => Parse<Fact>("--unknown-fact", f, "Fact")));
        if (parseResult.GetValue(AsOf) is { } asOf)
        {
            cooperation.AsOf = Timestamp.FromDateTimeOffset(asOf);
        }

        return cooperation;
    }

    private static TEnum Parse<TEnum>(string option, string name, string enumName)
        where TEnum : struct, System.Enum =>
        WireNames.Parse<TEnum>(option, name, VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(enumName));
}
