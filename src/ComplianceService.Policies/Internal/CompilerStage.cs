namespace ComplianceService.Policies.Internal;

/// <summary>One named step of the compiler (OPA's <c>c.stages</c>).</summary>
/// <param name="Name">What the stage does, for people and for errors.</param>
/// <param name="Run">The step.</param>
/// <param name="NeedsValidInput">True when the stage runs only if no stage before it reported a
/// problem. The reading stages run regardless, so that one compilation reports every problem in
/// the text; building from text with problems would only add noise.</param>
internal sealed record CompilerStage(string Name, Action<CompilerRun> Run, bool NeedsValidInput);
