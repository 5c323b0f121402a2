using ComplianceService.Engine;
using ComplianceService.Engine.Internal;
using ComplianceService.Policies.Internal;
using Google.Protobuf;

namespace ComplianceService.Policies;

/// <summary>
/// Compiles policy sources (<c>&lt;jurisdiction id&gt;.yaml</c> texts) into a deterministic
/// bundle: the same sources always give the same bytes and revision. The compiler reads no files;
/// <see cref="PolicyFolder"/> does, for a folder of policy files and seeds.
/// </summary>
/// <remarks>
/// A compilation is a list of named stages over one <c>CompilerRun</c>, like OPA's
/// <c>ast.Compiler.stages</c>: parse (each text as YAML), vocabulary, jurisdictions (sources,
/// rules, conditions), link (ids, parent chains), check quotes (against the seed library), build
/// tables (every rule resolved by the reference evaluator into decision tables), conflicts,
/// coverage.
/// </remarks>
public static class PolicyCompiler
{
    /// <summary>The bundle layout version this compiler writes (the one <see cref="PolicySnapshot"/> loads).</summary>
    public const uint BundleFormat = PolicySnapshot.BundleFormat;

    private static readonly CompilerStage[] Stages =
    [
        new("parse", Parse, NeedsValidInput: false),
        new("vocabulary", run => run.Vocabulary = VocabularyReader.Read(run.Documents, run.Diagnostics), NeedsValidInput: false),
        new("jurisdictions", ReadJurisdictions, NeedsValidInput: false),
        new("link", run => PolicyLinker.Link(run.Jurisdictions, run.Diagnostics), NeedsValidInput: false),
        new("check quotes", CheckQuotes, NeedsValidInput: false),
        new("build tables", BuildTables, NeedsValidInput: true),
        new("conflicts", run => ConflictCheck.Run(run.Tables, run.Diagnostics), NeedsValidInput: false),
        new("coverage", run => run.Coverage = CoverageCount.Run(run.Tables), NeedsValidInput: true),
    ];

    /// <summary>Parses, validates (names, quotes, dates, conflicts) and compiles the sources.</summary>
    /// <param name="sources">The policy files' names and texts (the names are what diagnostics cite).</param>
    /// <param name="options">The seed library and table limits; by default quotes are not checked.</param>
    public static PolicyCompilation Compile(IEnumerable<PolicySource> sources, PolicyCompilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var run = new CompilerRun([.. sources], options ?? new PolicyCompilerOptions());
        if (run.Sources.Count == 0)
        {
            return new PolicyCompilation([new PolicyDiagnostic("", 0, 0, "no policy files (*.yaml)")], null, null);
        }

        foreach (var stage in Stages)
        {
            if (stage.NeedsValidInput && run.Diagnostics.Count > 0)
            {
                break;
            }

            stage.Run(run);
        }

        if (run.Diagnostics.Count > 0 || run.Bundle is null)
        {
            return new PolicyCompilation(run.Diagnostics, null, null);
        }

        return new PolicyCompilation(run.Diagnostics, run.Bundle.ToByteArray(), run.Coverage);
    }

    /// <summary>The policy files parsed, checked and linked, for the reference evaluator (tests
    /// compare the tables with it); null when any problem was found.</summary>
    internal static PolicySet? Read(IEnumerable<PolicySource> sources, List<PolicyDiagnostic> diagnostics)
    {
        var run = new CompilerRun([.. sources], new PolicyCompilerOptions());
        foreach (var stage in Stages.TakeWhile(s => !s.NeedsValidInput))
        {
            stage.Run(run);
        }

        diagnostics.AddRange(run.Diagnostics);
        return run.Diagnostics.Count == 0 ? run.Policy : null;
    }

    private static void Parse(CompilerRun run)
    {
        foreach (var source in run.Sources.OrderBy(s => Path.GetFileName(s.Name), StringComparer.Ordinal))
        {
            if (PolicyDocument.Parse(source, run.Diagnostics) is { } document)
            {
                run.Documents.Add(document);
            }
        }
    }

    private static void ReadJurisdictions(CompilerRun run)
    {
        foreach (var document in run.Documents)
        {
            if (JurisdictionReader.Read(document, run.Vocabulary) is { } jurisdiction)
            {
                run.Jurisdictions.Add(jurisdiction);
            }
        }
    }

    private static void CheckQuotes(CompilerRun run)
    {
        if (run.Options.Seeds is { } seeds)
        {
            QuoteCheck.Run(run.Jurisdictions, seeds, run.Diagnostics);
        }
    }

    private static void BuildTables(CompilerRun run)
    {
        var (bundle, tables) = new BundleBuilder(run.Policy, run.Options.MaxTableBits, run.Diagnostics).Build();
        run.Bundle = bundle;
        run.Tables = tables;
    }
}
