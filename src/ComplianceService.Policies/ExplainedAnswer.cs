using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>A source's answer and how it entered the final outcome.</summary>
/// <param name="Source">The source id.</param>
/// <param name="Section">The clause that answered.</param>
/// <param name="Authority">The source's authority.</param>
/// <param name="Outcome">Its answer.</param>
/// <param name="Effect">Determining, concurring or overridden.</param>
/// <param name="OverriddenBy">When overridden, the stronger answer that overrides it ("us/8usc1373 1373(a)"); null otherwise or when not known (a bundle).</param>
/// <param name="Provenance">How reliable the quoted words are.</param>
public sealed record ExplainedAnswer(
    string Source,
    string Section,
    Authority Authority,
    Outcome Outcome,
    Effect Effect,
    string? OverriddenBy,
    Provenance Provenance);
