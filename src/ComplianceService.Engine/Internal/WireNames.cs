using ComplianceService.Contracts.V1;
using Google.Protobuf.Reflection;

namespace ComplianceService.Engine.Internal;

/// <summary>Names of the compliance.v1 vocabulary enums, for messages and policy files.</summary>
internal static class WireNames
{
    public static readonly EnumNames Outcomes = Create("Outcome", "OUTCOME_");
    public static readonly EnumNames Actions = Create("Action", "ACTION_");
    public static readonly EnumNames Contacts = Create("Contact", "CONTACT_");
    public static readonly EnumNames Roles = Create("Role", "ROLE_");
    public static readonly EnumNames Crimes = Create("Crime", "CRIME_");
    public static readonly EnumNames Facts = Create("Fact", "FACT_");
    public static readonly EnumNames Requests = Create("Request", "REQUEST_");
    public static readonly EnumNames Agencies = Create("Agency", "AGENCY_");
    public static readonly EnumNames Obligations = Create("Obligation", "OBLIGATION_");
    public static readonly EnumNames Authorities = Create("Authority", "AUTHORITY_");
    public static readonly EnumNames Visas = Create("Visa", "VISA_");
    public static readonly EnumNames Actors = Create("Actor", "ACTOR_");
    public static readonly EnumNames Provenances = Create("Provenance", "PROVENANCE_");

    private static EnumNames Create(string name, string prefix) =>
        new(VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(name), prefix);
}
