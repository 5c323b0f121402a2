namespace ComplianceService.Engine.Analysis;

/// <summary>Requests no source in force decides (NOT_ADDRESSED) for one action or request of a jurisdiction, over a date range.</summary>
/// <param name="Jurisdiction">The jurisdiction id.</param>
/// <param name="Condition">The requests (disjoint from the jurisdiction's other regions for the same target and dates).</param>
/// <param name="From">First day (UTC), or null for every date before <paramref name="Until"/>.</param>
/// <param name="Until">First day it no longer holds, or null for every date on.</param>
/// <param name="Requests">How many distinct requests it holds for one date (see <see cref="InputRegion.AllRequests"/>).</param>
public sealed record CoverageRegion(string Jurisdiction, InputRegion Condition, DateOnly? From, DateOnly? Until, long Requests);
