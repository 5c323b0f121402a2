namespace ComplianceService.Store;

/// <summary>
/// One activation of a policy bundle revision: which revision became active, when (UTC), by whom,
/// and which revision it replaced. Stored in the active pointer and the activation history, kept next to
/// the last good snapshot on disk, and handed to the engine with the bundle bytes.
/// </summary>
/// <param name="Revision">Lowercase hex SHA-256 of the bundle bytes.</param>
/// <param name="ActivatedAt">When the activation was recorded, in UTC.</param>
/// <param name="ActivatedBy">Who activated it (an operator or service identity; free text).</param>
/// <param name="PreviousRevision">The revision that was active before, or <see langword="null"/> for the first activation.</param>
public sealed record ActivationRecord(
    string Revision,
    DateTimeOffset ActivatedAt,
    string ActivatedBy,
    string? PreviousRevision)
{
    /// <summary>
    /// The activation's place in the order of activations: each one is numbered above the one it replaced (the activation
    /// script takes the larger of the previous number plus one and the Redis server's clock in milliseconds, so numbering
    /// keeps rising after Redis restarts empty). A server never applies an activation numbered below the one it serves.
    /// 0 when unknown: a pointer written by hand or by an older version.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>
    /// The administrator's signature of every other field (<see cref="PolicySignature"/>), base64; <see langword="null"/> for an
    /// unsigned activation. Servers with <c>Compliance:Security:PolicySigningKeys</c> apply only activations whose signature a
    /// trusted key made.
    /// </summary>
    public string? Signature { get; init; }
}
