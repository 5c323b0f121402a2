using System.Collections.Immutable;

namespace ComplianceService.Engine;

/// <summary>A served jurisdiction and the sources of its chain.</summary>
/// <param name="Id">The jurisdiction id, e.g. "us-ks-roeland-park".</param>
/// <param name="Name">Its name.</param>
/// <param name="Parent">The next jurisdiction up the chain ("" for the root).</param>
/// <param name="Sources">The sources of this jurisdiction and every one above it, strongest authority first.</param>
public sealed record JurisdictionDescription(string Id, string Name, string Parent, ImmutableArray<SourceDescription> Sources);
