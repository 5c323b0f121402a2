using System.Globalization;
using System.Numerics;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using ComplianceService.Policy.V1;

namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>
/// Resolves every rule into decision tables: for each jurisdiction, epoch (interval between the
/// chain's distinct effective dates) and action/request, the table is indexed by exactly the input
/// bits its rules read, and each cell points at a deduplicated decision template filled by the
/// <see cref="ReferenceEvaluator"/>. Reachable cells are also checked for equal-authority
/// REQUIRED/PROHIBITED conflicts and counted for coverage.
/// </summary>
internal sealed class BundleBuilder(PolicySet policy, PolicyCompilerOptions options, List<PolicyDiagnostic> diagnostics)
{
    private readonly ReferenceEvaluator _evaluator = new(policy);
    private readonly PolicyBundle _bundle = new() { Format = PolicyCompiler.BundleFormat };
    private readonly Dictionary<SourceModel, uint> _sourceIndex = [];
    private readonly Dictionary<ObligationEntry, uint> _obligations = [];
    private readonly Dictionary<CitationEntry, uint> _citations = [];
    private readonly Dictionary<TemplateEntry, uint> _templates = [];
    private readonly HashSet<(RuleModel, RuleModel)> _conflicts = [];
    private readonly List<CoverageEntry> _coverage = [];

    public (PolicyBundle Bundle, CoverageReport Coverage) Build()
    {
        foreach (var visa in policy.Vocabulary.CrimeVisa)
        {
            _bundle.CrimeVisa.Add(visa);
        }

        foreach (var jurisdiction in policy.Jurisdictions)
        {
            foreach (var source in jurisdiction.Sources)
            {
                _sourceIndex[source] = (uint)_bundle.Sources.Count;
                _bundle.Sources.Add(new SourceEntry
                {
                    Id = source.Id,
                    Title = source.Title,
                    ShortName = source.ShortName,
                    Authority = source.Authority,
                    Provenance = source.Provenance,
                    Effective = source.Effective?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    Jurisdiction = source.Jurisdiction,
                    Seed = source.Seed ?? "",
                });
            }
        }

        for (var index = 0; index < policy.Jurisdictions.Count; index++)
        {
            BuildJurisdiction((uint)index, policy.Jurisdictions[index]);
        }

        return (_bundle, new CoverageReport(_coverage));
    }

    private void BuildJurisdiction(uint index, JurisdictionModel jurisdiction)
    {
        var chainSources = jurisdiction.Chain.SelectMany(level => level.Sources).ToList();
        var entry = new JurisdictionEntry { Id = jurisdiction.Id, Name = jurisdiction.Name, Parent = jurisdiction.Parent ?? "" };
        entry.Sources.AddRange(chainSources.OrderBy(s => (int)s.Authority).Select(s => _sourceIndex[s]));
        var starts = new SortedSet<long> { 0 };
        foreach (var source in chainSources.Where(s => s.Effective is not null))
        {
            starts.Add(source.EffectiveTicks);
        }

        entry.EpochStarts.AddRange(starts);
        _bundle.Jurisdictions.Add(entry);

        var notAddressed = policy.Vocabulary.NotAddressedGuidance.Replace("{jurisdiction}", jurisdiction.Name, StringComparison.Ordinal);
        if (notAddressed.Length > PolicyLimits.MaxGuidance)
        {
            Report(jurisdiction.Location, $"jurisdiction {jurisdiction.Id}: the not-addressed guidance would be {notAddressed.Length} characters, at most {PolicyLimits.MaxGuidance}");
        }

        var epoch = 0u;
        foreach (var start in starts)
        {
            for (var target = 0; target < InputLayout.TargetCount; target++)
            {
                BuildTable(index, jurisdiction, epoch, start, target, chainSources);
            }

            epoch++;
        }
    }

    private void BuildTable(uint jurisdictionIndex, JurisdictionModel jurisdiction, uint epoch, long start, int target, List<SourceModel> chainSources)
    {
        ulong mask = 0;
        foreach (var source in chainSources.Where(s => s.InForceAt(start)))
        {
            foreach (var rule in source.Rules.Where(r => r.SpeaksTo(target)))
            {
                mask |= rule.When.Reads;
            }
        }

        if (target == InputLayout.CertifyVisaTarget)
        {
            mask |= InputLayout.CrimeBits; // the visa classification reads the crime
        }

        mask &= ~InputLayout.ForcedBits(target);
        var positions = new List<int>();
        for (var bits = mask; bits != 0; bits &= bits - 1)
        {
            positions.Add(BitOperations.TrailingZeroCount(bits));
        }

        if (positions.Count > options.MaxTableBits)
        {
            Report(jurisdiction.Location, $"jurisdiction {jurisdiction.Id}: {InputLayout.DescribeTarget(target)} reads {positions.Count} inputs, more than {options.MaxTableBits}");
            return;
        }

        var table = new TableEntry
        {
            Jurisdiction = jurisdictionIndex,
            Epoch = epoch,
            Action = InputLayout.TargetAction(target),
            Request = InputLayout.TargetRequest(target),
            Mask = mask,
        };

        long combinations = 0, notAddressed = 0;
        var cells = 1 << positions.Count;
        for (var cell = 0; cell < cells; cell++)
        {
            ulong input = 0;
            for (var bit = 0; bit < positions.Count; bit++)
            {
                if ((cell & (1 << bit)) != 0)
                {
                    input |= 1UL << positions[bit];
                }
            }

            var decision = _evaluator.Evaluate(jurisdiction, start, target, input);
            if (InputLayout.IsReachable(input, mask, target))
            {
                combinations++;
                if (decision.Outcome == Outcome.NotAddressed)
                {
                    notAddressed++;
                }

                CheckConflicts(decision, jurisdiction, start, target, input);
            }

            table.Cells.Add(Template(jurisdictionIndex, target, decision));
        }

        _bundle.Tables.Add(table);
        _coverage.Add(new CoverageEntry(
            jurisdiction.Id,
            start == 0 ? null : DateOnly.FromDateTime(new DateTime(start, DateTimeKind.Utc)),
            table.Action,
            table.Request,
            positions.Select(InputLayout.DescribeBit).ToList(),
            combinations,
            notAddressed));
    }

    private void CheckConflicts(ReferenceDecision decision, JurisdictionModel jurisdiction, long start, int target, ulong input)
    {
        foreach (var required in decision.Answers.Where(a => a.Outcome == Outcome.Required))
        {
            foreach (var prohibited in decision.Answers.Where(a => a.Outcome == Outcome.Prohibited && a.Source.Authority == required.Source.Authority))
            {
                if (!_conflicts.Add((required.Rule, prohibited.Rule)))
                {
                    continue;
                }

                var facts = new List<string>();
                for (var bits = input; bits != 0; bits &= bits - 1)
                {
                    facts.Add(InputLayout.DescribeBit(BitOperations.TrailingZeroCount(bits)));
                }

                var from = start == 0 ? "every date" : "from " + new DateTime(start, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                Report(required.Rule.Location,
                    $"policy conflict: {Describe(required.Rule)} answers REQUIRED and {Describe(prohibited.Rule)} answers PROHIBITED, " +
                    $"both {WireNames.Authorities.Short((int)required.Source.Authority)}, for {InputLayout.DescribeTarget(target)} in {jurisdiction.Id} " +
                    $"({from}) when {(facts.Count == 0 ? "no input is set" : string.Join(", ", facts))}");
            }
        }
    }

    private static string Describe(RuleModel rule) =>
        $"{Path.GetFileName(rule.Location.File)}:{rule.Location.Line} {rule.Source.Id} {rule.Section}";

    private uint Template(uint jurisdictionIndex, int target, ReferenceDecision decision)
    {
        var template = new TemplateEntry
        {
            Jurisdiction = jurisdictionIndex,
            Action = InputLayout.TargetAction(target),
            Request = InputLayout.TargetRequest(target),
            Outcome = decision.Outcome,
            Guidance = decision.Guidance,
            Visa = decision.Visa,
        };

        foreach (var obligation in decision.Obligations)
        {
            template.Obligations.Add(Intern(_obligations, _bundle.Obligations, new ObligationEntry
            {
                Code = obligation.Code,
                Text = obligation.Text,
                DeadlineSeconds = obligation.DeadlineSeconds,
                Source = obligation.Source,
                Section = obligation.Section,
                Actor = obligation.Actor,
            }));
        }

        foreach (var answer in decision.Answers)
        {
            template.Citations.Add(Intern(_citations, _bundle.Citations, new CitationEntry
            {
                Source = _sourceIndex[answer.Source],
                Section = answer.Rule.Section,
                Quote = answer.Rule.Quote,
                Outcome = answer.Outcome,
                Effect = answer.Effect,
                Provenance = answer.Provenance,
            }));
        }

        return Intern(_templates, _bundle.Templates, template);
    }

    /// <summary>Index of an equal message already written, or appends it. Generated messages
    /// compare by value, so equal entries share one index.</summary>
    private static uint Intern<T>(Dictionary<T, uint> seen, Google.Protobuf.Collections.RepeatedField<T> into, T item)
        where T : notnull
    {
        if (!seen.TryGetValue(item, out var index))
        {
            index = (uint)into.Count;
            seen[item] = index;
            into.Add(item);
        }

        return index;
    }

    private void Report(SourceLocation location, string message) =>
        diagnostics.Add(new PolicyDiagnostic(location.File, location.Line, location.Column, message));
}
