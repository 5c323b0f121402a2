using System.Collections.Immutable;

namespace ComplianceService.Engine;

/// <summary>A served jurisdiction and the sources of its chain.</summary>
/// <param name="Id">The jurisdiction id, e.g. "us-ks-roeland-park".</param>
/// <param name="Name">Its name.</param>
/// <param name="Parent">The next jurisdiction up the chain ("" for the root).</param>
/// <param name="Sources">The sources of this jurisdiction and every one above it, strongest authority first.</param>
/// <param name="RelevantInputs">For each action (in enum order) then each cooperation request, the inputs that can change its answer on some date.</param>
public sealed record JurisdictionDescription(
    string Id, string Name, string Parent, ImmutableArray<SourceDescription> Sources, ImmutableArray<Analysis.RelevantInputs> RelevantInputs);
