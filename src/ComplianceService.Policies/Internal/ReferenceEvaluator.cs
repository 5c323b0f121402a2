using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// The straightforward, slow evaluation of DOMAIN.md's rules straight from the parsed policy
/// files: walk every source of the chain in force at the date, take each source's first matching
/// rule, then combine. The compiler fills decision tables with it; tests compare the tables of a
/// loaded bundle against it for arbitrary inputs and dates; <c>PolicyExplainer</c>
/// (<c>compliancectl explain</c>) watches the same walk through an <see cref="IReferenceTrace"/>.
/// </summary>
internal sealed class ReferenceEvaluator(PolicySet policy)
{
    private static readonly Outcome[] FinalOrder = [Outcome.Prohibited, Outcome.Required, Outcome.ApprovalRequired, Outcome.Permitted];

    public PolicySet Policy => policy;

    /// <summary>Decides <paramref name="target"/> (see <c>InputLayout</c>) for the packed input at a date.</summary>
    /// <param name="jurisdiction">The jurisdiction whose chain is walked.</param>
    /// <param name="asOfTicks">The date decided for (UTC ticks): sources not in force then are skipped.</param>
    /// <param name="target">The action or request.</param>
    /// <param name="input">The packed input.</param>
    /// <param name="trace">Told each step of the walk (<c>compliancectl explain</c>); the compiler passes none.</param>
    public ReferenceDecision Evaluate(JurisdictionModel jurisdiction, long asOfTicks, int target, ulong input, IReferenceTrace? trace = null)
    {
        input |= InputLayout.ForcedBits(target);
        var answered = new List<RuleModel>();
        var attached = new List<RuleModel>();
        foreach (var level in jurisdiction.Chain)
        {
            foreach (var source in level.Sources)
            {
                if (!source.InForceAt(asOfTicks))
                {
                    trace?.SourceNotInForce(source);
                    continue;
                }

                RuleModel? decided = null;
                foreach (var rule in source.Rules)
                {
                    if (!rule.SpeaksTo(target))
                    {
                        continue;
                    }

                    var holds = rule.When.Evaluate(input);
                    trace?.RuleTried(rule, input, holds);
                    if (!holds)
                    {
                        continue;
                    }

                    if (rule.IsAttach)
                    {
                        attached.Add(rule);
                    }
                    else
                    {
                        decided ??= rule;
                    }
                }

                trace?.SourceDone(source, decided);
                if (decided is not null)
                {
                    answered.Add(decided);
                }
            }
        }

        // Strongest authority first; equal authority keeps chain order (root first, file order).
        answered = [.. answered.OrderBy(r => (int)r.Source.Authority)];
        attached = [.. attached.OrderBy(r => (int)r.Source.Authority)];

        // A PROHIBITED yields to a higher REQUIRED; a higher "preempts" PERMITTED overrides the
        // lower outcomes its row names (8 U.S.C. 1373: PROHIBITED and APPROVAL_REQUIRED).
        var overridden = new bool[answered.Count];
        for (var i = 0; i < answered.Count; i++)
        {
            foreach (var other in answered)
            {
                if (other.Source.Authority < answered[i].Source.Authority &&
                    ((answered[i].Outcome == Outcome.Prohibited && other.Outcome == Outcome.Required) || other.Preempts.Contains(answered[i].Outcome)))
                {
                    overridden[i] = true;
                    trace?.AnswerOverridden(answered[i], other);
                }
            }
        }

        var final = Outcome.NotAddressed;
        foreach (var candidate in FinalOrder)
        {
            if (answered.Where((r, i) => !overridden[i] && r.Outcome == candidate).Any())
            {
                final = candidate;
                break;
            }
        }

        var answers = answered.Select((rule, i) => new ReferenceAnswer(
            rule,
            overridden[i] ? Effect.Overridden : rule.Outcome == final ? Effect.Determining : Effect.Concurring)).ToList();

        var obligations = new List<ReferenceObligation>();
        foreach (var answer in answers.Where(a => a.Effect == Effect.Determining))
        {
            foreach (var obligation in answer.Rule.Obligations)
            {
                Add(obligations, obligation, answer.Rule, ObligationOrigin.Determining, trace);
            }
        }

        if (final == Outcome.Required && answers.FirstOrDefault(a => a.Effect != Effect.Overridden && a.Outcome == Outcome.ApprovalRequired) is { } approval)
        {
            Add(obligations, new RuleObligation(Obligation.ObtainApproval, approval.Rule.Section), approval.Rule, ObligationOrigin.Approval, trace);
        }

        // Attach rules attach wherever the act may go ahead (every outcome but PROHIBITED, so also
        // where no source decides it), or always where marked.
        foreach (var rule in attached)
        {
            if (rule.AttachAlways || final != Outcome.Prohibited)
            {
                foreach (var obligation in rule.Obligations)
                {
                    Add(obligations, obligation, rule, ObligationOrigin.Attached, trace);
                }
            }
            else
            {
                trace?.AttachWithheld(rule);
            }
        }

        var guidance = final == Outcome.NotAddressed
            ? policy.Vocabulary.NotAddressedGuidance.Replace("{jurisdiction}", jurisdiction.Name, StringComparison.Ordinal)
            : answers.First(a => a.Effect == Effect.Determining).Rule.Guidance;

        return new ReferenceDecision
        {
            Outcome = final,
            Answers = answers,
            Obligations = obligations,
            Guidance = guidance,
            Visa = target == InputLayout.CertifyVisaTarget ? policy.Vocabulary.CrimeVisa[(int)InputLayout.CrimeOf(input)] : Visa.Unspecified,
        };
    }

    private void Add(List<ReferenceObligation> obligations, RuleObligation obligation, RuleModel rule, ObligationOrigin origin, IReferenceTrace? trace)
    {
        if (obligations.Any(o => o.Code == obligation.Code))
        {
            return;
        }

        var definition = policy.Vocabulary.Obligations[obligation.Code];
        var added = new ReferenceObligation(obligation.Code, definition.Text, definition.Actor, definition.DeadlineSeconds, rule.Source.Id, obligation.Section);
        obligations.Add(added);
        trace?.ObligationAdded(added, rule, origin);
    }
}
