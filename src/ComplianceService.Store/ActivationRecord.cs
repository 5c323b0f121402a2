namespace ComplianceService.Store;

/// <summary>
/// One activation of a policy bundle revision: which revision became active, when (UTC), by whom,
/// and which revision it replaced. Stored in the activation history, published to every instance,
/// kept next to the last good snapshot on disk, and handed to the engine with the bundle bytes.
/// </summary>
/// <param name="Revision">Lowercase hex SHA-256 of the bundle bytes.</param>
/// <param name="ActivatedAt">When the activation was recorded, in UTC.</param>
/// <param name="ActivatedBy">Who activated it (an operator or service identity; free text).</param>
/// <param name="PreviousRevision">The revision that was active before, or <see langword="null"/> for the first activation.</param>
public sealed record ActivationRecord(
    string Revision,
    DateTimeOffset ActivatedAt,
    string ActivatedBy,
    string? PreviousRevision);
