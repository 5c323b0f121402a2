using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Engine.Internal;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Wire;

/// <summary>
/// The one place a request message becomes an engine query (DOMAIN.md "Bad input"): every field is
/// checked here, and a refusal is a <see cref="RequestError"/> whose message starts with the field
/// it names. Loops use indexers, not enumerators, and errors are created only when found, so a
/// valid request allocates nothing. Whether the jurisdiction is served only the engine knows; an
/// empty one is refused here.
/// </summary>
public static class RequestReader
{
    /// <summary>The most characters of caller text an error message repeats.</summary>
    public const int MaxEchoedLength = 64;

    private static readonly long MinAsOfTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Reads a CheckEncounter request.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="nowUtc">The server's clock: the date decided for when as_of is unset, and the bound of as_of.</param>
    /// <param name="query">The query, when the request is valid.</param>
    /// <returns>Null when valid, else what is wrong.</returns>
    public static RequestError? ReadEncounter(EncounterRequest request, DateTime nowUtc, out EncounterQuery query) =>
        ReadEncounter(request, nowUtc, advice: false, out query);

    /// <summary>Reads an AdviseEncounter request: as CheckEncounter, but <c>action</c> must be unset.</summary>
    public static RequestError? ReadAdvice(EncounterRequest request, DateTime nowUtc, out EncounterQuery query) =>
        ReadEncounter(request, nowUtc, advice: true, out query);

    /// <summary>Reads a CheckCooperationRequest request.</summary>
    public static RequestError? ReadCooperation(CooperationRequest request, DateTime nowUtc, out CooperationQuery query)
    {
        ArgumentNullException.ThrowIfNull(request);
        query = default;
        if (RequiredEnum("request", (int)request.Request, WireNames.Requests) is { } requestError)
        {
            return requestError;
        }

        if (RequiredEnum("agency", (int)request.Agency, WireNames.Agencies) is { } agencyError)
        {
            return agencyError;
        }

        if (ReadFacts("basis", request.Basis, FactSet.BasisFacts, "a cooperation request", out var basis) is { } factError)
        {
            return factError;
        }

        if (ReadCommon(request.Jurisdiction, request.AsOf, request.UnknownFacts, basis, FactSet.BasisFacts, "a cooperation request", nowUtc, out var unknown, out var asOf) is { } error)
        {
            return error;
        }

        query = new CooperationQuery
        {
            Jurisdiction = request.Jurisdiction,
            Request = request.Request,
            Basis = basis,
            UnknownFacts = unknown,
            AsOf = asOf,
            IncludeWhatIf = request.IncludeWhatIf,
        };
        return null;
    }

    /// <summary>The NOT_FOUND error for a jurisdiction the engine does not serve (the id echoed at
    /// most <see cref="MaxEchoedLength"/> characters long).</summary>
    public static RequestError UnknownJurisdiction(string jurisdiction) =>
        new(RequestErrorKind.NotFound, "jurisdiction", $"unknown jurisdiction '{Echo(jurisdiction)}'");

    private static RequestError? ReadEncounter(EncounterRequest request, DateTime nowUtc, bool advice, out EncounterQuery query)
    {
        ArgumentNullException.ThrowIfNull(request);
        query = default;
        var action = (int)request.Action;
        if (advice)
        {
            if (action != 0)
            {
                return Invalid("action", $"must be unset for AdviseEncounter, which decides every action (got {WireNames.Actions.Full(action)})");
            }
        }
        else if (RequiredEnum("action", action, WireNames.Actions) is { } actionError)
        {
            return actionError;
        }

        if (RequiredEnum("contact", (int)request.Contact, WireNames.Contacts) is { } contactError)
        {
            return contactError;
        }

        if (RequiredEnum("role", (int)request.Role, WireNames.Roles) is { } roleError)
        {
            return roleError;
        }

        var crime = (int)request.Crime;
        if (!WireNames.Crimes.IsDefined(crime))
        {
            return Invalid("crime", $"unknown value {crime}");
        }

        if (crime == 0 && request.Action == Action.CertifyVisa)
        {
            return Invalid("crime", "required for ACTION_CERTIFY_VISA");
        }

        if (ReadFacts("facts", request.Facts, FactSet.EncounterFacts, "an encounter", out var known) is { } factError)
        {
            return factError;
        }

        if (ReadCommon(request.Jurisdiction, request.AsOf, request.UnknownFacts, known, FactSet.EncounterFacts, "an encounter", nowUtc, out var unknown, out var asOf) is { } error)
        {
            return error;
        }

        query = new EncounterQuery
        {
            Jurisdiction = request.Jurisdiction,
            Action = request.Action,
            Contact = request.Contact,
            Role = request.Role,
            Crime = request.Crime,
            Facts = known,
            UnknownFacts = unknown,
            AsOf = asOf,
            IncludeWhatIf = request.IncludeWhatIf,
        };
        return null;
    }

    private static RequestError? ReadCommon(
        string jurisdiction, Timestamp? asOf, RepeatedField<Fact> unknownFacts, FactSet known, FactSet allowedFacts, string kind, DateTime nowUtc,
        out UnknownFacts unknown, out DateTime asOfUtc)
    {
        unknown = default;
        asOfUtc = nowUtc;
        if (unknownFacts.Count > UnknownFacts.Capacity)
        {
            return Invalid("unknown_facts", $"at most {UnknownFacts.Capacity} facts may be unknown, got {unknownFacts.Count}");
        }

        Span<Fact> listed = stackalloc Fact[UnknownFacts.Capacity];
        var seen = FactSet.Empty;
        for (var i = 0; i < unknownFacts.Count; i++)
        {
            var fact = unknownFacts[i];
            if (CheckFact("unknown_facts", fact, allowedFacts, kind) is { } factError)
            {
                return factError;
            }

            if (fact == Fact.StatusInQuestion)
            {
                // The officer's own articulable reason (SO0801 II.A.1): unstated means false.
                return Invalid("unknown_facts", "FACT_STATUS_IN_QUESTION may not be unknown: it is the officer's own articulable reason, so leave it out when there is none");
            }

            if (known.Contains(fact))
            {
                return Invalid("unknown_facts", $"{WireNames.Facts.Full((int)fact)} is listed both as known and as unknown");
            }

            if (seen.Contains(fact))
            {
                return Invalid("unknown_facts", $"{WireNames.Facts.Full((int)fact)} is listed twice");
            }

            seen = seen.With(fact);
            listed[i] = fact;
        }

        if (asOf is not null)
        {
            if (asOf.Nanos is < 0 or > 999_999_999)
            {
                return Invalid("as_of", $"nanos {asOf.Nanos} out of range");
            }

            var nowSeconds = (nowUtc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
            if (asOf.Seconds > nowSeconds + 86_400)
            {
                return Invalid("as_of", "more than a day in the future");
            }

            var minSeconds = (MinAsOfTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
            if (asOf.Seconds < minSeconds)
            {
                return Invalid("as_of", "before 1900-01-01T00:00:00Z");
            }

            var asOfTicks = DateTime.UnixEpoch.Ticks + (asOf.Seconds * TimeSpan.TicksPerSecond) + (asOf.Nanos / 100);
            if (asOfTicks > nowUtc.Ticks + TimeSpan.TicksPerDay)
            {
                return Invalid("as_of", "more than a day in the future");
            }

            asOfUtc = new DateTime(asOfTicks, DateTimeKind.Utc);
        }

        if (string.IsNullOrEmpty(jurisdiction))
        {
            return Invalid("jurisdiction", "required (a jurisdiction id such as 'us-ks-roeland-park')");
        }

        unknown = UnknownFacts.Create(listed[..unknownFacts.Count]);
        return null;
    }

    private static RequestError? RequiredEnum(string field, int value, EnumNames names)
    {
        if (value == 0)
        {
            return Invalid(field, $"required ({names.Full(0)} is not a value)");
        }

        return names.IsDefined(value) ? null : Invalid(field, $"unknown value {value}");
    }

    // The known facts of a request (facts, basis): each one a fact of this kind of request.
    private static RequestError? ReadFacts(string field, RepeatedField<Fact> facts, FactSet allowed, string kind, out FactSet set)
    {
        set = FactSet.Empty;
        for (var i = 0; i < facts.Count; i++)
        {
            if (CheckFact(field, facts[i], allowed, kind) is { } error)
            {
                return error;
            }

            set = set.With(facts[i]);
        }

        return null;
    }

    private static RequestError? CheckFact(string field, Fact fact, FactSet allowed, string kind)
    {
        var number = (int)fact;
        if (number == 0)
        {
            return Invalid(field, "FACT_UNSPECIFIED is not a fact");
        }

        if (!WireNames.Facts.IsDefined(number))
        {
            return Invalid(field, $"unknown value {number}");
        }

        return allowed.Contains(fact) ? null : Invalid(field, $"{WireNames.Facts.Full(number)} does not belong to {kind}");
    }

    private static string Echo(string text) => text.Length <= MaxEchoedLength ? text : string.Concat(text.AsSpan(0, MaxEchoedLength), "…");

    private static RequestError Invalid(string field, string message) => new(RequestErrorKind.InvalidArgument, field, message);
}
