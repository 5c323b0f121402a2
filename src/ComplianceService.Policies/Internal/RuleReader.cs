using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// Reads one rule of a source: its clause and quote, the actions or requests it speaks to, its
/// condition, and either an outcome (with obligations and preempts) or the obligations it
/// attaches; provenance and seed default to the source's.
/// </summary>
internal sealed class RuleReader(PolicyDocument document, PolicyVocabulary vocabulary)
{
    private static readonly string[] RuleKeys = ["section", "quote", "actions", "requests", "when", "outcome", "obligations", "attach", "always", "preempts", "provenance", "seed", "guidance"];

    private readonly PolicyDocument _document = document;
    private readonly PolicyVocabulary _vocabulary = vocabulary;

    public RuleModel? Read(YamlMappingNode node, SourceModel source)
    {
        var context = $"rule of {source.Id}";
        _document.CheckKeys(node, RuleKeys, context);
        var section = _document.RequiredScalar(node, "section", context);
        if (section is not null)
        {
            context = $"rule {source.Id} {section.Value}";
        }

        var quote = _document.RequiredScalar(node, "quote", context);
        var guidance = _document.RequiredScalar(node, "guidance", context);
        if (guidance is not null && guidance.Value!.Length > PolicyLimits.MaxGuidance)
        {
            _document.Error(guidance, $"{context}: guidance is {guidance.Value.Length} characters, at most {PolicyLimits.MaxGuidance}");
        }

        var targets = ParseTargets(node, context, out var isRequest);
        var allowed = isRequest ? InputLayout.BasisFactBits : InputLayout.EncounterInputBits;
        var kind = isRequest ? "a cooperation request" : "an encounter";
        var when = Condition.Always;
        if (PolicyDocument.Child(node, "when") is { } whenNode)
        {
            when = whenNode is YamlScalarNode whenScalar ? _document.ParseCondition(whenScalar, _vocabulary, allowed, kind) ?? Condition.Always : Condition.Always;
            if (whenNode is not YamlScalarNode)
            {
                _document.Error(whenNode, $"{context}: when: expected a condition");
            }
        }

        var outcomeNode = PolicyDocument.Child(node, "outcome");
        var attachNode = PolicyDocument.Child(node, "attach");
        var outcome = Outcome.Unspecified;
        var obligations = new List<RuleObligation>();
        if ((outcomeNode is null) == (attachNode is null))
        {
            _document.Error(node, $"{context}: a rule has either 'outcome' (it decides) or 'attach' (it adds obligations), not both or neither");
        }

        if (outcomeNode is not null)
        {
            var value = (outcomeNode as YamlScalarNode)?.Value ?? "";
            if (WireNames.Outcomes.TryParse(value, out var number) && (Outcome)number != Outcome.NotAddressed)
            {
                outcome = (Outcome)number;
            }
            else
            {
                _document.Error(outcomeNode, $"{context}: outcome must be PROHIBITED, REQUIRED, APPROVAL_REQUIRED or PERMITTED, not '{value}'");
            }

            if (PolicyDocument.Child(node, "obligations") is { } obligationsNode)
            {
                ParseRuleObligations(obligationsNode, section?.Value ?? "", context, obligations);
            }
        }
        else if (PolicyDocument.Child(node, "obligations") is { } stray)
        {
            _document.Error(stray, $"{context}: 'obligations' belong to a deciding rule; an attach rule lists them under 'attach'");
        }

        if (attachNode is not null)
        {
            foreach (var codeNode in _document.Sequence(attachNode, $"{context}: attach"))
            {
                if (ObligationCode(codeNode, context) is { } code)
                {
                    obligations.Add(new RuleObligation(code, section?.Value ?? ""));
                }
            }
        }

        var preempts = new List<Outcome>();
        if (PolicyDocument.Child(node, "preempts") is { } preemptsNode)
        {
            foreach (var item in _document.Sequence(preemptsNode, $"{context}: preempts"))
            {
                var number = _document.ParseName(item, WireNames.Outcomes, $"{context}: preempts");
                if (number != 0 && (Outcome)number is Outcome.Prohibited or Outcome.ApprovalRequired)
                {
                    preempts.Add((Outcome)number);
                }
                else if (number != 0)
                {
                    _document.Error(item, $"{context}: preempts lists PROHIBITED and/or APPROVAL_REQUIRED");
                }
            }

            if (outcome != Outcome.Permitted)
            {
                _document.Error(preemptsNode, $"{context}: only a PERMITTED rule may preempt");
            }
        }

        var provenance = source.Provenance;
        if (PolicyDocument.Child(node, "provenance") is YamlScalarNode provenanceNode)
        {
            provenance = (Provenance)_document.ParseName(provenanceNode, WireNames.Provenances, $"{context}: provenance");
        }

        var seed = PolicyDocument.Child(node, "seed") is YamlScalarNode seedNode ? _document.ParseSeed(seedNode, context) : source.Seed;

        var always = _document.Flag(node, "always", context);
        if (always && attachNode is null)
        {
            _document.Error(PolicyDocument.Child(node, "always")!, $"{context}: 'always' belongs to an attach rule");
        }

        if (section is null || quote is null || guidance is null || targets == 0 || provenance == 0)
        {
            return null;
        }

        return new RuleModel
        {
            Source = source,
            Location = _document.Locate(node),
            Section = section.Value!,
            Quote = quote.Value!,
            Guidance = guidance.Value!,
            Targets = targets,
            When = when,
            WhenText = (PolicyDocument.Child(node, "when") as YamlScalarNode)?.Value?.Trim() ?? "",
            Outcome = outcome,
            Preempts = preempts,
            Provenance = provenance,
            Seed = seed,
            AttachAlways = always,
            Obligations = obligations,
        };
    }

    private int ParseTargets(YamlMappingNode node, string context, out bool isRequest)
    {
        var actions = PolicyDocument.Child(node, "actions");
        var requests = PolicyDocument.Child(node, "requests");
        isRequest = requests is not null;
        if ((actions is null) == (requests is null))
        {
            _document.Error(node, $"{context}: a rule names either 'actions' or 'requests' (a list, or all)");
            return 0;
        }

        var (list, names, offset) = actions is not null
            ? (actions, WireNames.Actions, 0)
            : (requests!, WireNames.Requests, InputLayout.ActionCount);
        if (list is YamlScalarNode { Value: "all" })
        {
            var count = actions is not null ? InputLayout.ActionCount : InputLayout.RequestCount;
            return ((1 << count) - 1) << offset;
        }

        var targets = 0;
        foreach (var item in _document.Sequence(list, context))
        {
            if (names.TryParse(item.Value ?? "", out var number))
            {
                targets |= 1 << (offset + number - 1);
            }
            else
            {
                _document.Error(item, $"{context}: unknown {(actions is not null ? "action" : "request")} '{item.Value}'");
            }
        }

        return targets;
    }

    private void ParseRuleObligations(YamlNode node, string section, string context, List<RuleObligation> into)
    {
        if (node is not YamlSequenceNode list)
        {
            _document.Error(node, $"{context}: obligations: expected a list");
            return;
        }

        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                if (ObligationCode(scalar, context) is { } code)
                {
                    into.Add(new RuleObligation(code, section));
                }
            }
            else if (item is YamlMappingNode mapping)
            {
                _document.CheckKeys(mapping, ["code", "section"], $"{context}: obligation");
                var codeNode = _document.RequiredScalar(mapping, "code", $"{context}: obligation");
                var sectionNode = _document.RequiredScalar(mapping, "section", $"{context}: obligation");
                if (codeNode is not null && sectionNode is not null && ObligationCode(codeNode, context) is { } code)
                {
                    into.Add(new RuleObligation(code, sectionNode.Value!));
                }
            }
            else
            {
                _document.Error(item, $"{context}: an obligation is a code or a mapping with code and section");
            }
        }
    }

    private Obligation? ObligationCode(YamlScalarNode node, string context)
    {
        if (WireNames.Obligations.TryParse(node.Value ?? "", out var number))
        {
            return (Obligation)number;
        }

        _document.Error(node, $"{context}: unknown obligation '{node.Value}'");
        return null;
    }
}
