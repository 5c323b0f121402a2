namespace ComplianceService.Policies;

/// <summary>One policy file's text and the name diagnostics cite for it.</summary>
/// <param name="Name">The file's name or path, e.g. <c>us-ks-roeland-park.yaml</c>; its stem
/// must be the jurisdiction id the text declares.</param>
/// <param name="Text">The YAML text.</param>
public sealed record PolicySource(string Name, string Text);
