using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using ComplianceService.Contracts.V1;
using Google.Protobuf.Reflection;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Plain JSON request bodies for the REST routes, written field by field from a request message as a REST client
/// would write them (camelCase names, enums as their proto names, timestamps in RFC 3339), without Google.Protobuf's
/// JSON formatter.
/// </summary>
internal static class RestJson
{
    public static JsonObject Encounter(EncounterRequest request)
    {
        var body = new JsonObject { ["jurisdiction"] = request.Jurisdiction };
        AddEnum(body, "action", request.Action);
        AddEnum(body, "contact", request.Contact);
        AddEnum(body, "role", request.Role);
        AddEnum(body, "crime", request.Crime);
        AddFacts(body, "facts", request.Facts);
        AddFacts(body, "unknownFacts", request.UnknownFacts);
        AddCommon(body, request.AsOf, request.IncidentId, request.IncludeWhatIf);
        return body;
    }

    public static JsonObject Cooperation(CooperationRequest request)
    {
        var body = new JsonObject { ["jurisdiction"] = request.Jurisdiction };
        AddEnum(body, "request", request.Request);
        AddEnum(body, "agency", request.Agency);
        AddFacts(body, "basis", request.Basis);
        AddFacts(body, "unknownFacts", request.UnknownFacts);
        AddCommon(body, request.AsOf, request.IncidentId, request.IncludeWhatIf);
        return body;
    }

    /// <summary>The proto name of an enum value (<c>ACTION_DETAIN_OR_ARREST</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())?.GetCustomAttribute<OriginalNameAttribute>()?.Name
        ?? throw new ArgumentException($"{value} has no proto name", nameof(value));

    private static void AddEnum<TEnum>(JsonObject body, string field, TEnum value)
        where TEnum : struct, Enum
    {
        if (Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0)
        {
            body[field] = Name(value);
        }
    }

    private static void AddFacts(JsonObject body, string field, IEnumerable<Fact> facts)
    {
        var array = new JsonArray();
        foreach (var fact in facts)
        {
            array.Add(Name(fact));
        }

        if (array.Count > 0)
        {
            body[field] = array;
        }
    }

    private static void AddCommon(JsonObject body, Google.Protobuf.WellKnownTypes.Timestamp? asOf, string incidentId, bool includeWhatIf)
    {
        if (asOf is not null)
        {
            body["asOf"] = asOf.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }

        if (incidentId.Length > 0)
        {
            body["incidentId"] = incidentId;
        }

        if (includeWhatIf)
        {
            body["includeWhatIf"] = true;
        }
    }
}
