namespace ComplianceService.Policies;

/// <summary>A problem found in the policy files, with where it was written.</summary>
/// <param name="File">The policy file (path as found in the compiled directory).</param>
/// <param name="Line">1-based line, 0 when the problem is not tied to a line.</param>
/// <param name="Column">1-based column, 0 when not known.</param>
/// <param name="Message">What is wrong, in the policy author's words.</param>
public sealed record PolicyDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>"file:line:column: message", the form editors and CI logs link to.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
