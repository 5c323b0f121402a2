using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine;

/// <summary>Request validation (DOMAIN.md "Bad input"). Loops use indexers, not enumerators, and
/// errors are created only when found, so a valid request allocates nothing.</summary>
public sealed partial class PolicySnapshot
{
    private const int MaxUnknownFacts = 4;
    private static readonly long MinAsOfTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static ValidationError? ReadEncounter(EncounterRequest request, bool advice, out ulong input)
    {
        input = 0;
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

        var facts = request.Facts;
        for (var i = 0; i < facts.Count; i++)
        {
            if (CheckFact("facts", facts[i], InputLayout.EncounterFactBits, "an encounter") is { } factError)
            {
                return factError;
            }

            input |= InputLayout.FactBit(facts[i]);
        }

        input |= InputLayout.ContactBit(request.Contact) | InputLayout.RoleBit(request.Role) | InputLayout.CrimeBit(request.Crime);
        return null;
    }

    private static ValidationError? ReadCooperation(CooperationRequest request, out ulong input)
    {
        input = 0;
        if (RequiredEnum("request", (int)request.Request, WireNames.Requests) is { } requestError)
        {
            return requestError;
        }

        if (RequiredEnum("agency", (int)request.Agency, WireNames.Agencies) is { } agencyError)
        {
            return agencyError;
        }

        var basis = request.Basis;
        for (var i = 0; i < basis.Count; i++)
        {
            if (CheckFact("basis", basis[i], InputLayout.BasisFactBits, "a cooperation request") is { } factError)
            {
                return factError;
            }

            input |= InputLayout.FactBit(basis[i]);
        }

        return null;
    }

    private ValidationError? ReadCommon(
        string jurisdiction, Timestamp? asOf, RepeatedField<Fact> unknownFacts, ulong known, ulong allowedFacts, string kind, DateTime nowUtc,
        out JurisdictionState? state, out long asOfTicks)
    {
        state = null;
        asOfTicks = nowUtc.Ticks;
        if (unknownFacts.Count > MaxUnknownFacts)
        {
            return Invalid("unknown_facts", $"at most {MaxUnknownFacts} facts may be unknown, got {unknownFacts.Count}");
        }

        ulong unknown = 0;
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

            var bit = InputLayout.FactBit(fact);
            if ((known & bit) != 0)
            {
                return Invalid("unknown_facts", $"{WireNames.Facts.Full((int)fact)} is listed both as known and as unknown");
            }

            if ((unknown & bit) != 0)
            {
                return Invalid("unknown_facts", $"{WireNames.Facts.Full((int)fact)} is listed twice");
            }

            unknown |= bit;
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

            asOfTicks = DateTime.UnixEpoch.Ticks + (asOf.Seconds * TimeSpan.TicksPerSecond) + (asOf.Nanos / 100);
            if (asOfTicks > nowUtc.Ticks + TimeSpan.TicksPerDay)
            {
                return Invalid("as_of", "more than a day in the future");
            }
        }

        if (string.IsNullOrEmpty(jurisdiction))
        {
            return Invalid("jurisdiction", "required (a jurisdiction id such as 'us-ks-roeland-park')");
        }

        if (!_jurisdictions.TryGetValue(jurisdiction, out state))
        {
            return new ValidationError(ValidationErrorKind.NotFound, "jurisdiction", $"unknown jurisdiction '{jurisdiction}'");
        }

        return null;
    }

    private static ValidationError? RequiredEnum(string field, int value, EnumNames names)
    {
        if (value == 0)
        {
            return Invalid(field, $"required ({names.Full(0)} is not a value)");
        }

        return names.IsDefined(value) ? null : Invalid(field, $"unknown value {value}");
    }

    private static ValidationError? CheckFact(string field, Fact fact, ulong allowed, string kind)
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

        return (allowed & InputLayout.FactBit(fact)) == 0
            ? Invalid(field, $"{WireNames.Facts.Full(number)} does not belong to {kind}")
            : null;
    }

    private static ValidationError Invalid(string field, string message) => new(ValidationErrorKind.InvalidArgument, field, message);
}
