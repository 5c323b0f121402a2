using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>One source of a jurisdiction's chain.</summary>
/// <param name="Id">The source id, e.g. "rp/directive".</param>
/// <param name="Title">Its title.</param>
/// <param name="Authority">Its rank.</param>
/// <param name="Effective">The day it took effect (in force from 00:00 UTC), or null when unknown (in force for every date).</param>
/// <param name="Jurisdiction">The jurisdiction that owns it.</param>
/// <param name="Seed">The seed document it was taken from ("" for public law not in the seeds).</param>
/// <param name="Provenance">How reliable most of its words are.</param>
public sealed record SourceDescription(string Id, string Title, Authority Authority, DateOnly? Effective, string Jurisdiction, string Seed, Provenance Provenance);
