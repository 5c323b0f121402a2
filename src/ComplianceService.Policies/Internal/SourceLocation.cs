namespace ComplianceService.Policies.Internal;

/// <summary>Where something was written in a policy file (1-based line and column).</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
