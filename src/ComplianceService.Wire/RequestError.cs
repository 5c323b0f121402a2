namespace ComplianceService.Wire;

/// <summary>Why a request cannot be decided. Created only on the error path.</summary>
public sealed class RequestError
{
    internal RequestError(RequestErrorKind kind, string field, string message)
    {
        Kind = kind;
        Field = field;
        Message = field + ": " + message;
    }

    /// <summary>The status kind.</summary>
    public RequestErrorKind Kind { get; }

    /// <summary>The request field at fault, in the wire's snake_case (e.g. "unknown_facts").</summary>
    public string Field { get; }

    /// <summary>A message naming the field, e.g. "unknown_facts: at most 4 facts may be unknown, got 5".</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
