using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>Records one walk of the <see cref="ReferenceEvaluator"/> for an explanation.</summary>
internal sealed class ExplanationRecorder : IReferenceTrace
{
    private readonly HashSet<SourceModel> _notInForce = [];
    private readonly Dictionary<SourceModel, List<(RuleModel Rule, ulong Input, bool Holds)>> _tried = [];
    private readonly Dictionary<SourceModel, RuleModel?> _answers = [];
    private readonly Dictionary<RuleModel, RuleModel> _overriddenBy = [];
    private readonly Dictionary<ReferenceObligation, ObligationOrigin> _origins = [];
    private readonly HashSet<RuleModel> _withheld = [];

    public void SourceNotInForce(SourceModel source) => _notInForce.Add(source);

    public void RuleTried(RuleModel rule, ulong input, bool holds)
    {
        if (!_tried.TryGetValue(rule.Source, out var rules))
        {
            _tried[rule.Source] = rules = [];
        }

        rules.Add((rule, input, holds));
    }

    public void SourceDone(SourceModel source, RuleModel? answer) => _answers[source] = answer;

    // The strongest overriding answer is told first (answers go strongest first).
    public void AnswerOverridden(RuleModel answer, RuleModel by) => _overriddenBy.TryAdd(answer, by);

    public void ObligationAdded(ReferenceObligation obligation, RuleModel rule, ObligationOrigin origin) => _origins[obligation] = origin;

    public void AttachWithheld(RuleModel rule) => _withheld.Add(rule);

    public RuleModel? OverriddenBy(RuleModel answer) => _overriddenBy.GetValueOrDefault(answer);

    public ObligationOrigin? OriginOf(ReferenceObligation obligation) => _origins.TryGetValue(obligation, out var origin) ? origin : null;

    /// <summary>Every source of the chain, root first and in file order, with its rules for the target as tried.</summary>
    public IReadOnlyList<ExplainedSource> Sources(JurisdictionModel jurisdiction)
    {
        var sources = new List<ExplainedSource>();
        foreach (var level in jurisdiction.Chain)
        {
            foreach (var source in level.Sources)
            {
                var answer = _answers.GetValueOrDefault(source);
                var rules = new List<ExplainedRule>();
                var answered = false;
                foreach (var (rule, input, holds) in _tried.GetValueOrDefault(source) ?? [])
                {
                    RuleVerdict verdict;
                    if (rule.IsAttach)
                    {
                        verdict = !holds ? RuleVerdict.AttachNotMatched : _withheld.Contains(rule) ? RuleVerdict.AttachWithheld : RuleVerdict.Attached;
                    }
                    else if (ReferenceEquals(rule, answer))
                    {
                        verdict = RuleVerdict.Matched;
                        answered = true;
                    }
                    else
                    {
                        verdict = answered ? RuleVerdict.NotReached : RuleVerdict.NotMatched;
                    }

                    rules.Add(new ExplainedRule(
                        rule.Section,
                        rule.Location.File,
                        rule.Location.Line,
                        rule.WhenText ?? "always",
                        rule.Outcome,
                        [.. rule.Obligations.Select(o => o.Code)],
                        verdict,
                        ExplainedInputs.Read(rule.When.Reads, input)));
                }

                sources.Add(new ExplainedSource(
                    source.Id,
                    source.Jurisdiction,
                    source.Authority,
                    source.Effective,
                    !_notInForce.Contains(source),
                    rules,
                    answer?.Outcome ?? Outcome.Unspecified,
                    answer?.Section));
            }
        }

        return sources;
    }
}
