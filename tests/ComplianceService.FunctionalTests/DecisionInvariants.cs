using ComplianceService.Contracts.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// What every decision must carry whatever it decides (DOMAIN.md "Who asks, and what they need
/// back"): the revision that answered, a decision id, the caller's incident id, a guidance line
/// fit for a terminal, quoted citations with their provenance, and obligations that name their
/// clause and who acts (version 2).
/// </summary>
public static class DecisionInvariants
{
    /// <summary>The longest guidance line a terminal shows.</summary>
    public const int MaxGuidanceLength = 160;

    /// <summary>Every broken invariant of <paramref name="decision"/>, empty when it is well formed.</summary>
    public static IReadOnlyList<string> Problems(Decision decision, string revision, string incidentId)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var problems = new List<string>();
        if (decision.PolicyRevision != revision)
        {
            problems.Add($"policy_revision: expected the server's {revision}, got '{decision.PolicyRevision}'");
        }

        if (string.IsNullOrWhiteSpace(decision.DecisionId))
        {
            problems.Add("decision_id: empty");
        }

        if (decision.IncidentId != incidentId)
        {
            problems.Add($"incident_id: expected '{incidentId}' echoed, got '{decision.IncidentId}'");
        }

        if (string.IsNullOrWhiteSpace(decision.Guidance) || decision.Guidance.Length > MaxGuidanceLength)
        {
            problems.Add($"guidance: must be 1-{MaxGuidanceLength} characters, got {decision.Guidance.Length}: '{decision.Guidance}'");
        }

        foreach (var citation in decision.Citations)
        {
            if (string.IsNullOrWhiteSpace(citation.Quote) || string.IsNullOrWhiteSpace(citation.Source) || string.IsNullOrWhiteSpace(citation.Section))
            {
                problems.Add($"citation {citation.Source} {citation.Section}: needs source, section and quote");
            }

            if (citation.Authority == Authority.Unspecified || citation.Outcome == Outcome.Unspecified || citation.Effect == Effect.Unspecified
                || citation.Provenance == Provenance.Unspecified)
            {
                problems.Add($"citation {citation.Source} {citation.Section}: authority, outcome, effect and provenance must be set");
            }
        }

        foreach (var obligation in decision.Obligations)
        {
            if (obligation.Code == Obligation.Unspecified || string.IsNullOrWhiteSpace(obligation.Text)
                || string.IsNullOrWhiteSpace(obligation.Source) || string.IsNullOrWhiteSpace(obligation.Section)
                || obligation.Actor == Actor.Unspecified)
            {
                problems.Add($"obligation {obligation.Code}: needs code, text, source, section and actor");
            }
        }

        return problems;
    }

    /// <summary>Fails with every broken invariant, prefixed by <paramref name="what"/>.</summary>
    public static void AssertWellFormed(Decision decision, string revision, string incidentId, string what)
    {
        var problems = Problems(decision, revision, incidentId);
        Assert.True(problems.Count == 0, $"{what}: {string.Join("; ", problems)}");
    }
}
