namespace ComplianceService.Policies;

/// <summary>One input a condition reads and its value in the request.</summary>
/// <param name="Name">A fact ("STATUS_PERTINENT"), or "contact", "role" or "crime".</param>
/// <param name="Value">"true" or "false" for a fact; the request's value (or "none") for contact, role or crime.</param>
public sealed record ExplainedInput(string Name, string Value)
{
    /// <summary>"STATUS_PERTINENT=false", "contact=TRAFFIC_STOP".</summary>
    public override string ToString() => $"{Name}={Value}";
}
