using ComplianceService.Engine.Compilation.Internal;
using ComplianceService.Engine.Internal;
using Google.Protobuf;

namespace ComplianceService.Engine.Compilation;

/// <summary>Compiles a directory of policy files (<c>&lt;jurisdiction id&gt;.yaml</c>) into a
/// deterministic bundle: the same files always give the same bytes and revision.</summary>
public static class PolicyCompiler
{
    /// <summary>The bundle layout version this compiler writes.</summary>
    public const uint BundleFormat = 2;

    /// <summary>Parses, validates (names, quotes, dates, conflicts) and compiles the directory.</summary>
    public static PolicyCompilation Compile(string directory, PolicyCompilerOptions? options = null)
    {
        options ??= new PolicyCompilerOptions();
        var diagnostics = new List<PolicyDiagnostic>();
        var policy = PolicyParser.Parse(directory, options, diagnostics);
        if (policy is null)
        {
            return new PolicyCompilation(diagnostics, null, null, null);
        }

        var builder = new BundleBuilder(policy, options, diagnostics);
        var (bundle, coverage) = builder.Build();
        if (diagnostics.Count > 0)
        {
            return new PolicyCompilation(diagnostics, null, null, null);
        }

        var bytes = bundle.ToByteArray();
        return new PolicyCompilation(diagnostics, bytes, BundleRevision.Of(bytes), coverage);
    }
}
