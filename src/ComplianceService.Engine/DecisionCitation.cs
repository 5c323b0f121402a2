using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>A source that answered, with the words of its clause.</summary>
/// <param name="Source">The source id.</param>
/// <param name="Section">The clause that matched.</param>
/// <param name="Quote">The words of the clause.</param>
/// <param name="Authority">The source's rank.</param>
/// <param name="Outcome">What the source answered.</param>
/// <param name="Effect">Determining, overridden or concurring.</param>
/// <param name="Provenance">How reliable the quoted words are (a news report or an editorial is not law).</param>
public sealed record DecisionCitation(string Source, string Section, string Quote, Authority Authority, Outcome Outcome, Effect Effect, Provenance Provenance);
