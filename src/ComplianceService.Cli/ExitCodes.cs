namespace ComplianceService.Cli;

/// <summary>The exit codes of <c>compliancectl</c> (also listed by <c>compliancectl --help</c> and in the README).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The policy files do not compile (explain: do not read), or a scenario failed.</summary>
    public const int PolicyFailure = 1;

    /// <summary><c>diff</c>: the two sides answer some request differently (each change is printed).</summary>
    public const int PoliciesDiffer = 1;

    /// <summary>Bad usage: unknown command or option, missing argument, a file or folder that does not exist, an unreadable scenario file, an ambiguous revision prefix, an unknown name given to check/advise/explain, a request the server refused (or, for explain, that the server's request reader refuses).</summary>
    public const int Usage = 2;

    /// <summary>The Redis store is unreachable, or refused the credential (the password in the connection string).</summary>
    public const int StoreUnavailable = 3;

    /// <summary>The revision is not in the store, or its stored bundle is damaged (activate); the previous revision's bundle is gone or damaged (rollback).</summary>
    public const int RevisionNotFound = 4;

    /// <summary>Nothing to roll back to: the active revision has no previous revision.</summary>
    public const int NothingToRollBack = 5;

    /// <summary>
    /// Redis refused the command to this credential (<c>NOPERM</c>): its ACL user lacks a command, key or channel the command
    /// needs, e.g. a server's read-only user used to publish, activate or roll back.
    /// </summary>
    public const int NotPermitted = 6;

    /// <summary><c>audit verify</c> found a changed, removed or reordered record (each is named on standard output).</summary>
    public const int AuditTrailBroken = 7;

    /// <summary><c>check</c>/<c>advise</c>: the server is unreachable, or answered neither a decision nor a refusal of the request (UNAVAILABLE: no policy loaded, DEADLINE_EXCEEDED, ...).</summary>
    public const int ServerUnavailable = 8;

    /// <summary>
    /// <c>publish</c> was not confirmed: standard input is not a terminal and <c>--yes</c> was not given, or the operator
    /// did not answer yes. Nothing was stored or activated.
    /// </summary>
    public const int NotConfirmed = 9;

    /// <summary>The text <c>--help</c> shows under the commands.</summary>
    internal const string Help = """
        Exit codes:
          0  ok; diff: no request is answered differently
          1  policy files do not compile, or a scenario failed; diff: some request is answered differently
          2  usage error (unknown option, missing file or folder, unreadable scenarios, ambiguous revision prefix;
             diff/coverage: a side that does not compile or is not a bundle)
          3  Redis unreachable, or the credential (password= in the connection string) refused
          4  revision not found in the store, or its stored bundle damaged
          5  nothing to roll back to
          6  Redis refused the command to this credential (NOPERM: a server's ACL user, not the admin's)
          7  audit verify found a changed, removed or reordered record
          8  check/advise: the server is unreachable or could not decide (UNAVAILABLE, deadline exceeded);
             a request the server refused (INVALID_ARGUMENT, NOT_FOUND) exits 2 with the field it names
          9  publish not confirmed: standard input is not a terminal and --yes was not given, or the answer was not yes

        The Redis connection string (--redis or $COMPLIANCE_REDIS) is a StackExchange.Redis configuration
        string, e.g. "redis.internal:6379,user=compliance-admin,password=...". Its user and password (a Redis
        ACL user, or requirepass) are the admin credential that publish, activate and rollback need.

        --signing-key (or $COMPLIANCE_SIGNING_KEY) names the PEM ECDSA P-256 private key that signs the bundle
        and the activation (publish, activate, rollback); servers with Compliance:Security:PolicySigningKeys
        serve only what one of their keys signed.
        """;
}
