using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine;

/// <summary>One rule of a source as its policy file states it: for reading (a jurisdiction's policy page), never for
/// deciding (the compiled tables do that).</summary>
/// <param name="Source">The source id, e.g. "rp/directive".</param>
/// <param name="Section">The clause, e.g. "III.b".</param>
/// <param name="Quote">The words of the clause.</param>
/// <param name="Actions">The actions it speaks to, in Action order.</param>
/// <param name="Requests">The federal requests it speaks to, in Request order.</param>
/// <param name="When">The condition as the file writes it; "" when it always applies.</param>
/// <param name="Outcome">What it answers; unspecified for a rule that only attaches obligations.</param>
/// <param name="Obligations">The obligations it imposes or attaches.</param>
/// <param name="Guidance">The rule in plain words.</param>
/// <param name="Provenance">How reliable the quoted words are.</param>
public sealed record RuleDescription(
    string Source,
    string Section,
    string Quote,
    ImmutableArray<Action> Actions,
    ImmutableArray<Request> Requests,
    string When,
    Outcome Outcome,
    ImmutableArray<Obligation> Obligations,
    string Guidance,
    Provenance Provenance);
