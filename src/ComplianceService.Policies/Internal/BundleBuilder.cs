using System.Globalization;
using System.Numerics;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using ComplianceService.Policy.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// The build stage: resolves every rule into decision tables. For each jurisdiction, epoch
/// (interval between the chain's distinct effective dates) and action/request, the table is
/// indexed by exactly the input bits its rules read, and each cell points at a deduplicated
/// decision template filled by the <see cref="ReferenceEvaluator"/>. The cells' decisions are kept
/// (<see cref="TableCells"/>) for the conflict and coverage stages.
/// </summary>
internal sealed class BundleBuilder(PolicySet policy, int maxTableBits, List<PolicyDiagnostic> diagnostics)
{
    private readonly ReferenceEvaluator _evaluator = new(policy);
    private readonly PolicyBundle _bundle = new() { Format = PolicyCompiler.BundleFormat };
    private readonly Dictionary<SourceModel, uint> _sourceIndex = [];
    private readonly Dictionary<ObligationEntry, uint> _obligations = [];
    private readonly Dictionary<CitationEntry, uint> _citations = [];
    private readonly Dictionary<TemplateEntry, uint> _templates = [];
    private readonly List<TableCells> _tables = [];

    public (PolicyBundle Bundle, IReadOnlyList<TableCells> Tables) Build()
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
                    Rules = { source.Rules.Select(ToEntry) },
                });
            }
        }

        for (var index = 0; index < policy.Jurisdictions.Count; index++)
        {
            BuildJurisdiction((uint)index, policy.Jurisdictions[index]);
        }

        return (_bundle, _tables);
    }

    // A rule as written, for reading: its targets in Action/Request order.
    private static RuleEntry ToEntry(RuleModel rule)
    {
        var entry = new RuleEntry
        {
            Section = rule.Section,
            Quote = rule.Quote,
            When = rule.WhenText?.Trim() ?? "",
            Outcome = rule.Outcome,
            Guidance = rule.Guidance,
            Provenance = rule.Provenance,
        };
        for (var target = 0; target < InputLayout.TargetCount; target++)
        {
            if (!rule.SpeaksTo(target))
            {
                continue;
            }

            if (InputLayout.IsRequestTarget(target))
            {
                entry.Requests.Add(InputLayout.TargetRequest(target));
            }
            else
            {
                entry.Actions.Add(InputLayout.TargetAction(target));
            }
        }

        entry.Obligations.AddRange(rule.Obligations.Select(o => o.Code));
        return entry;
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

        if (positions.Count > maxTableBits)
        {
            Report(jurisdiction.Location, $"jurisdiction {jurisdiction.Id}: {InputLayout.DescribeTarget(target)} reads {positions.Count} inputs, more than {maxTableBits}");
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

        var cells = new ReferenceDecision[1 << positions.Count];
        for (var cell = 0; cell < cells.Length; cell++)
        {
            cells[cell] = _evaluator.Evaluate(jurisdiction, start, target, TableCells.InputOf(cell, positions));
            table.Cells.Add(Template(jurisdictionIndex, target, cells[cell]));
        }

        _bundle.Tables.Add(table);
        _tables.Add(new TableCells(jurisdiction, start, target, mask, positions, cells));
    }

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
