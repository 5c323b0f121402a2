using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The jurisdiction ids of DOMAIN.md's table, by agency.</summary>
internal static class Jurisdictions
{
    public const string Federal = "us";
    public const string Missouri = "us-mo";
    public const string Montana = "us-mt";
    public const string RoelandPark = "us-ks-roeland-park";
    public const string StJoseph = "us-mo-st-joseph";
    public const string KansasCityMo = "us-mo-kansas-city";
    public const string OverlandPark = "us-ks-overland-park";
    public const string KansasCityKs = "us-ks-kansas-city";
    public const string Independence = "us-mo-independence";
    public const string Bozeman = "us-mt-bozeman";
}

/// <summary>The source ids of the bundled policies that DOMAIN.md's rows cite.</summary>
internal static class Sources
{
    public const string Vccr = "us/vccr-art36";
    public const string Rodriguez = "us/rodriguez-2015";
    public const string Usc1373 = "us/8usc1373";
    public const string Rsmo = "us-mo/rsmo-67.307";
    public const string Directive = "rp/directive";
    public const string Ordinance = "rp/ordinance-2020";
    public const string So0801 = "stj/so0801";
    public const string Kcpd = "kcpd/statement-2017";
    public const string Oppd = "oppd/statement-2017";
    public const string Kckpd = "kckpd/statement-2017";
    public const string Ipd = "ipd/statement-2017";
    public const string Bpd = "bpd/statement";
}

/// <summary>Requests written the way DOMAIN.md states them, decided through the loaded snapshot
/// as the server decides them (at <see cref="Now"/> unless as_of is set).</summary>
internal static class Checks
{
    public static DateTime Now => RequestGenerator.Now;

    public static EncounterRequest Encounter(string jurisdiction, Action action, Contact contact, Role role, params Fact[] facts) =>
        new() { Jurisdiction = jurisdiction, Action = action, Contact = contact, Role = role, Facts = { facts } };

    public static CooperationRequest Cooperation(string jurisdiction, Request request, params Fact[] basis) =>
        new() { Jurisdiction = jurisdiction, Request = request, Agency = Agency.Ice, Basis = { basis } };

    public static Decision Decide(EncounterRequest request)
    {
        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
        Assert.True(decision.IsDecided);
        return decision.ToMessage();
    }

    public static Decision Decide(CooperationRequest request)
    {
        var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now);
        Assert.True(decision.IsDecided);
        return decision.ToMessage();
    }

    public static Decision Decide(string jurisdiction, Action action, Contact contact, Role role, params Fact[] facts) =>
        Decide(Encounter(jurisdiction, action, contact, role, facts));

    public static Decision Decide(string jurisdiction, Request request, params Fact[] basis) =>
        Decide(Cooperation(jurisdiction, request, basis));

    /// <summary>The obligation codes of a decision, sorted (DOMAIN.md fixes no order among them).</summary>
    public static Obligation[] Codes(Decision decision) => [.. decision.Obligations.Select(o => o.Code).Order()];

    /// <summary>The citation a source gave, or null when the source was silent.</summary>
    public static Citation? CitationOf(Decision decision, string source) => decision.Citations.SingleOrDefault(c => c.Source == source);
}
