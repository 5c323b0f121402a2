namespace ComplianceService.Engine;

/// <summary>Why a request cannot be decided. Created only on the error path.</summary>
public sealed class ValidationError
{
    internal ValidationError(ValidationErrorKind kind, string field, string message)
    {
        Kind = kind;
        Field = field;
        Message = field + ": " + message;
    }

    /// <summary>The status kind.</summary>
    public ValidationErrorKind Kind { get; }

    /// <summary>The request field at fault, in the wire's snake_case (e.g. "unknown_facts").</summary>
    public string Field { get; }

    /// <summary>A message naming the field, e.g. "unknown_facts: at most 4 facts may be unknown, got 5".</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
