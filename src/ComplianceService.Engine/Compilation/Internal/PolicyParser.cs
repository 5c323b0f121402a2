using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>Reads and validates the policy files of a directory into a <see cref="PolicySet"/>.
/// Every problem becomes a <see cref="PolicyDiagnostic"/> with file and line; parsing goes on
/// after an error so that one run reports as much as it can.</summary>
internal sealed partial class PolicyParser
{
    private static readonly string[] JurisdictionKeys = ["id", "name", "parent", "sources", "vocabulary"];
    private static readonly string[] SourceKeys = ["id", "title", "short", "authority", "provenance", "effective", "seed", "rules"];
    private static readonly string[] RuleKeys = ["section", "quote", "actions", "requests", "when", "outcome", "obligations", "attach", "always", "preempts", "provenance", "seed", "guidance"];
    private static readonly string[] VocabularyKeys = ["obligations", "implications", "predicates", "visa", "not_addressed_guidance"];

    private readonly List<PolicyDiagnostic> _diagnostics;
    private readonly PolicyVocabulary _vocabulary = new();
    private string _file = "";

    private PolicyParser(List<PolicyDiagnostic> diagnostics) => _diagnostics = diagnostics;

    [GeneratedRegex("^[0-9]{3}_[0-9a-f]{16}$")]
    private static partial Regex SeedPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex PredicateNamePattern();

    [GeneratedRegex("^([0-9]+)([hms])$")]
    private static partial Regex DurationPattern();

    /// <summary>Parses every <c>*.yaml</c> file of the directory; null when any error was found.</summary>
    public static PolicySet? Parse(string directory, PolicyCompilerOptions options, List<PolicyDiagnostic> diagnostics)
    {
        var parser = new PolicyParser(diagnostics);
        if (!Directory.Exists(directory))
        {
            diagnostics.Add(new PolicyDiagnostic(directory, 0, 0, "policy directory not found"));
            return null;
        }

        var files = Directory.GetFiles(directory, "*.yaml").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            diagnostics.Add(new PolicyDiagnostic(directory, 0, 0, "no policy files (*.yaml)"));
            return null;
        }

        var documents = new List<(string File, YamlMappingNode Root)>();
        foreach (var file in files)
        {
            if (parser.Load(file) is { } root)
            {
                documents.Add((file, root));
            }
        }

        parser.ParseVocabulary(documents);
        var jurisdictions = new List<JurisdictionModel>();
        foreach (var (file, root) in documents)
        {
            parser._file = file;
            if (parser.ParseJurisdiction(root) is { } jurisdiction)
            {
                jurisdictions.Add(jurisdiction);
            }
        }

        parser.Link(jurisdictions);
        if (options.SeedsDirectory is { } seeds)
        {
            parser.CheckQuotes(jurisdictions, seeds);
        }

        if (diagnostics.Count > 0)
        {
            return null;
        }

        jurisdictions.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new PolicySet { Vocabulary = parser._vocabulary, Jurisdictions = jurisdictions };
    }

    private YamlMappingNode? Load(string file)
    {
        _file = file;
        try
        {
            using var reader = new StreamReader(file);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(1, 1, "a policy file holds exactly one mapping (id, name, parent, sources)");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            Error((int)e.Start.Line, (int)e.Start.Column, "YAML: " + e.Message);
            return null;
        }
    }

    private void ParseVocabulary(List<(string File, YamlMappingNode Root)> documents)
    {
        var found = documents.Where(d => Child(d.Root, "vocabulary") is not null).ToList();
        if (found.Count == 0)
        {
            _diagnostics.Add(new PolicyDiagnostic(documents.Count > 0 ? documents[0].File : "", 0, 0, "no file has the 'vocabulary' section (it belongs in the root jurisdiction's file)"));
            return;
        }

        foreach (var extra in found.Skip(1))
        {
            _file = extra.File;
            Error(Child(extra.Root, "vocabulary")!, "only one file may hold the 'vocabulary' section");
        }

        _file = found[0].File;
        if (Child(found[0].Root, "vocabulary") is not YamlMappingNode vocabulary)
        {
            Error(Child(found[0].Root, "vocabulary")!, "'vocabulary' must be a mapping");
            return;
        }

        CheckKeys(vocabulary, VocabularyKeys, "vocabulary");
        ParseObligationTexts(vocabulary);
        ParseImplications(vocabulary);
        ParsePredicates(vocabulary);
        ParseVisaClasses(vocabulary);
        var guidance = RequiredScalar(vocabulary, "not_addressed_guidance", "vocabulary");
        if (guidance is not null)
        {
            _vocabulary.NotAddressedGuidance = guidance.Value!;
        }
    }

    private void ParseObligationTexts(YamlMappingNode vocabulary)
    {
        if (Mapping(vocabulary, "obligations", "vocabulary") is not { } obligations)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in obligations.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Obligations.TryParse(key, out var code))
            {
                Error(keyNode, $"unknown obligation '{key}'");
                continue;
            }

            if (valueNode is not YamlMappingNode definition)
            {
                Error(valueNode, $"obligation {key}: expected a mapping with 'text' and optional 'deadline'");
                continue;
            }

            CheckKeys(definition, ["text", "actor", "deadline"], $"obligation {key}");
            var text = RequiredScalar(definition, "text", $"obligation {key}");
            var actor = ParseName(RequiredScalar(definition, "actor", $"obligation {key}"), WireNames.Actors, $"obligation {key}: actor");
            long deadline = 0;
            if (Child(definition, "deadline") is { } deadlineNode)
            {
                deadline = ParseDuration(deadlineNode, key);
            }

            if (text is not null && actor != 0)
            {
                _vocabulary.Obligations[(Obligation)code] = new ObligationDefinition(text.Value!, (Actor)actor, deadline);
            }
        }

        for (var code = 1; code <= WireNames.Obligations.Max; code++)
        {
            if (!_vocabulary.Obligations.ContainsKey((Obligation)code))
            {
                Error(obligations, $"vocabulary.obligations: {WireNames.Obligations.Short(code)} has no text and actor");
            }
        }
    }

    private long ParseDuration(YamlNode node, string obligation)
    {
        var match = node is YamlScalarNode { Value: { } value } ? DurationPattern().Match(value) : Match.Empty;
        if (!match.Success)
        {
            Error(node, $"obligation {obligation}: bad deadline (expected <n>h, <n>m or <n>s)");
            return 0;
        }

        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "h" => amount * 3600, "m" => amount * 60, _ => amount };
    }

    private void ParseImplications(YamlMappingNode vocabulary)
    {
        if (Child(vocabulary, "implications") is null)
        {
            return; // optional: no fact implies another
        }

        if (Mapping(vocabulary, "implications", "vocabulary") is not { } implications)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in implications.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Facts.TryParse(name, out var fact) || _vocabulary.Implications.ContainsKey(fact))
            {
                Error(keyNode, $"implication '{name}': the key is a fact's name, once");
                continue;
            }

            if (valueNode is not YamlScalarNode expression)
            {
                Error(valueNode, $"implication {name}: expected a condition");
                continue;
            }

            // The condition may read only inputs of the request kinds the fact belongs to.
            var allowed = (InputLayout.FactBit((Fact)fact) & InputLayout.EncounterFactBits) != 0
                ? InputLayout.EncounterInputBits
                : InputLayout.BasisFactBits;
            if (ParseCondition(expression, allowed, $"a request carrying {name}") is { } condition)
            {
                _vocabulary.Implications[fact] = condition;
            }
        }
    }

    private void ParsePredicates(YamlMappingNode vocabulary)
    {
        if (Mapping(vocabulary, "predicates", "vocabulary") is not { } predicates)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in predicates.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!PredicateNamePattern().IsMatch(name) || WireNames.Facts.TryParse(name, out _) || _vocabulary.Predicates.ContainsKey(name))
            {
                Error(keyNode, $"predicate '{name}': names are UPPER_SNAKE_CASE, unique, and not a fact's name");
                continue;
            }

            if (valueNode is not YamlScalarNode expression)
            {
                Error(valueNode, $"predicate {name}: expected a condition");
                continue;
            }

            if (ParseCondition(expression, ulong.MaxValue >> (64 - InputLayout.InputBitCount), "any request") is { } condition)
            {
                _vocabulary.Predicates[name] = condition;
            }
        }
    }

    private void ParseVisaClasses(YamlMappingNode vocabulary)
    {
        if (Mapping(vocabulary, "visa", "vocabulary") is not { } visa)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in visa.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Visas.TryParse(name, out var visaNumber))
            {
                Error(keyNode, $"unknown visa '{name}'");
                continue;
            }

            foreach (var crimeNode in Sequence(valueNode, $"visa {name}"))
            {
                var crime = crimeNode.Value ?? "";
                if (!WireNames.Crimes.TryParse(crime, out var crimeNumber))
                {
                    Error(crimeNode, $"unknown crime '{crime}'");
                }
                else if (_vocabulary.CrimeVisa[crimeNumber] != Visa.Unspecified)
                {
                    Error(crimeNode, $"crime {crime} is classified twice");
                }
                else
                {
                    _vocabulary.CrimeVisa[crimeNumber] = (Visa)visaNumber;
                }
            }
        }

        for (var crime = 1; crime <= WireNames.Crimes.Max; crime++)
        {
            if (_vocabulary.CrimeVisa[crime] == Visa.Unspecified)
            {
                Error(visa, $"vocabulary.visa: crime {WireNames.Crimes.Short(crime)} is not classified");
            }
        }
    }

    private JurisdictionModel? ParseJurisdiction(YamlMappingNode root)
    {
        CheckKeys(root, JurisdictionKeys, "jurisdiction");
        var id = RequiredScalar(root, "id", "jurisdiction");
        var name = RequiredScalar(root, "name", "jurisdiction");
        var parentNode = Child(root, "parent");
        string? parent = null;
        if (parentNode is YamlScalarNode parentScalar && !IsNull(parentScalar))
        {
            parent = parentScalar.Value;
        }
        else if (parentNode is not null and not YamlScalarNode)
        {
            Error(parentNode, "parent: expected a jurisdiction id or null");
        }

        if (id is null || name is null)
        {
            return null;
        }

        var expectedId = Path.GetFileNameWithoutExtension(_file);
        if (id.Value != expectedId)
        {
            Error(id, $"id '{id.Value}' does not match the file name (expected '{expectedId}')");
        }

        var jurisdiction = new JurisdictionModel { Id = id.Value!, Name = name.Value!, Parent = parent, Location = Locate(root) };
        if (Child(root, "sources") is { } sourcesNode)
        {
            if (sourcesNode is not YamlSequenceNode sources)
            {
                Error(sourcesNode, "sources: expected a list");
                return jurisdiction;
            }

            foreach (var sourceNode in sources.Children)
            {
                if (sourceNode is not YamlMappingNode source)
                {
                    Error(sourceNode, "source: expected a mapping");
                    continue;
                }

                if (ParseSource(source, jurisdiction.Id) is { } model)
                {
                    jurisdiction.Sources.Add(model);
                }
            }
        }
        else
        {
            Error(root, "missing 'sources' (write 'sources: []' when there are none)");
        }

        return jurisdiction;
    }

    private SourceModel? ParseSource(YamlMappingNode node, string jurisdiction)
    {
        CheckKeys(node, SourceKeys, "source");
        var id = RequiredScalar(node, "id", "source");
        var context = id is null ? "source" : $"source {id.Value}";
        var title = RequiredScalar(node, "title", context);
        var shortName = RequiredScalar(node, "short", context);
        var authorityNode = RequiredScalar(node, "authority", context);
        var provenance = ParseName(RequiredScalar(node, "provenance", context), WireNames.Provenances, $"{context}: provenance");
        var effectiveNode = RequiredScalar(node, "effective", context);
        var seedNode = RequiredScalar(node, "seed", context);

        var authority = 0;
        if (authorityNode is not null && !WireNames.Authorities.TryParse(authorityNode.Value!, out authority))
        {
            Error(authorityNode, $"{context}: unknown authority '{authorityNode.Value}' (expected one of {string.Join(", ", WireNames.Authorities.ShortNames)})");
        }

        DateOnly? effective = null;
        if (effectiveNode is not null && effectiveNode.Value != "unknown")
        {
            if (DateOnly.TryParseExact(effectiveNode.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 1800)
            {
                effective = date;
            }
            else
            {
                Error(effectiveNode, $"{context}: bad effective date '{effectiveNode.Value}' (expected yyyy-MM-dd or unknown)");
            }
        }

        var seed = ParseSeed(seedNode, context);
        if (id is null || title is null || shortName is null || authorityNode is null || authority == 0 || provenance == 0 || effectiveNode is null || seedNode is null)
        {
            return null;
        }

        var source = new SourceModel
        {
            Id = id.Value!,
            Title = title.Value!,
            ShortName = shortName.Value!,
            Authority = (Authority)authority,
            Provenance = (Provenance)provenance,
            Effective = effective,
            Seed = seed,
            Jurisdiction = jurisdiction,
            Location = Locate(node),
        };

        if (Child(node, "rules") is { } rulesNode)
        {
            if (rulesNode is not YamlSequenceNode rules)
            {
                Error(rulesNode, $"{context}: rules: expected a list");
                return source;
            }

            foreach (var ruleNode in rules.Children)
            {
                if (ruleNode is not YamlMappingNode rule)
                {
                    Error(ruleNode, $"{context}: rule: expected a mapping");
                    continue;
                }

                if (ParseRule(rule, source) is { } model)
                {
                    source.Rules.Add(model);
                }
            }
        }

        return source;
    }

    private string? ParseSeed(YamlScalarNode? seedNode, string context)
    {
        if (seedNode is null || seedNode.Value == "none")
        {
            return null;
        }

        if (!SeedPattern().IsMatch(seedNode.Value!))
        {
            Error(seedNode, $"{context}: bad seed '{seedNode.Value}' (expected a seed file name such as 000_b5877ab4b80003f7, or none)");
            return null;
        }

        return seedNode.Value;
    }

    /// <summary>The number of a vocabulary name (without its prefix), or 0 after reporting an
    /// unknown one; 0 too when the node is missing (already reported).</summary>
    private int ParseName(YamlScalarNode? node, EnumNames names, string context)
    {
        if (node is null)
        {
            return 0;
        }

        if (names.TryParse(node.Value ?? "", out var number) && number != 0)
        {
            return number;
        }

        Error(node, $"{context}: unknown name '{node.Value}' (expected one of {string.Join(", ", names.ShortNames)})");
        return 0;
    }

    private RuleModel? ParseRule(YamlMappingNode node, SourceModel source)
    {
        var context = $"rule of {source.Id}";
        CheckKeys(node, RuleKeys, context);
        var section = RequiredScalar(node, "section", context);
        if (section is not null)
        {
            context = $"rule {source.Id} {section.Value}";
        }

        var quote = RequiredScalar(node, "quote", context);
        var guidance = RequiredScalar(node, "guidance", context);
        if (guidance is not null && guidance.Value!.Length > PolicyLimits.MaxGuidance)
        {
            Error(guidance, $"{context}: guidance is {guidance.Value.Length} characters, at most {PolicyLimits.MaxGuidance}");
        }

        var targets = ParseTargets(node, context, out var isRequest);
        var allowed = isRequest ? InputLayout.BasisFactBits : InputLayout.EncounterInputBits;
        var kind = isRequest ? "a cooperation request" : "an encounter";
        var when = Condition.Always;
        if (Child(node, "when") is { } whenNode)
        {
            when = whenNode is YamlScalarNode whenScalar ? ParseCondition(whenScalar, allowed, kind) ?? Condition.Always : Condition.Always;
            if (whenNode is not YamlScalarNode)
            {
                Error(whenNode, $"{context}: when: expected a condition");
            }
        }

        var outcomeNode = Child(node, "outcome");
        var attachNode = Child(node, "attach");
        var outcome = Outcome.Unspecified;
        var obligations = new List<RuleObligation>();
        if ((outcomeNode is null) == (attachNode is null))
        {
            Error(node, $"{context}: a rule has either 'outcome' (it decides) or 'attach' (it adds obligations), not both or neither");
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
                Error(outcomeNode, $"{context}: outcome must be PROHIBITED, REQUIRED, APPROVAL_REQUIRED or PERMITTED, not '{value}'");
            }

            if (Child(node, "obligations") is { } obligationsNode)
            {
                ParseRuleObligations(obligationsNode, section?.Value ?? "", context, obligations);
            }
        }
        else if (Child(node, "obligations") is { } stray)
        {
            Error(stray, $"{context}: 'obligations' belong to a deciding rule; an attach rule lists them under 'attach'");
        }

        if (attachNode is not null)
        {
            foreach (var codeNode in Sequence(attachNode, $"{context}: attach"))
            {
                if (ObligationCode(codeNode, context) is { } code)
                {
                    obligations.Add(new RuleObligation(code, section?.Value ?? ""));
                }
            }
        }

        var preempts = new List<Outcome>();
        if (Child(node, "preempts") is { } preemptsNode)
        {
            foreach (var item in Sequence(preemptsNode, $"{context}: preempts"))
            {
                var number = ParseName(item, WireNames.Outcomes, $"{context}: preempts");
                if (number != 0 && (Outcome)number is Outcome.Prohibited or Outcome.ApprovalRequired)
                {
                    preempts.Add((Outcome)number);
                }
                else if (number != 0)
                {
                    Error(item, $"{context}: preempts lists PROHIBITED and/or APPROVAL_REQUIRED");
                }
            }

            if (outcome != Outcome.Permitted)
            {
                Error(preemptsNode, $"{context}: only a PERMITTED rule may preempt");
            }
        }

        var provenance = source.Provenance;
        if (Child(node, "provenance") is YamlScalarNode provenanceNode)
        {
            provenance = (Provenance)ParseName(provenanceNode, WireNames.Provenances, $"{context}: provenance");
        }

        var seed = Child(node, "seed") is YamlScalarNode seedNode ? ParseSeed(seedNode, context) : source.Seed;

        var always = Flag(node, "always", context);
        if (always && attachNode is null)
        {
            Error(Child(node, "always")!, $"{context}: 'always' belongs to an attach rule");
        }

        if (section is null || quote is null || guidance is null || targets == 0 || provenance == 0)
        {
            return null;
        }

        return new RuleModel
        {
            Source = source,
            Location = Locate(node),
            Section = section.Value!,
            Quote = quote.Value!,
            Guidance = guidance.Value!,
            Targets = targets,
            When = when,
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
        var actions = Child(node, "actions");
        var requests = Child(node, "requests");
        isRequest = requests is not null;
        if ((actions is null) == (requests is null))
        {
            Error(node, $"{context}: a rule names either 'actions' or 'requests' (a list, or all)");
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
        foreach (var item in Sequence(list, context))
        {
            if (names.TryParse(item.Value ?? "", out var number))
            {
                targets |= 1 << (offset + number - 1);
            }
            else
            {
                Error(item, $"{context}: unknown {(actions is not null ? "action" : "request")} '{item.Value}'");
            }
        }

        return targets;
    }

    private void ParseRuleObligations(YamlNode node, string section, string context, List<RuleObligation> into)
    {
        if (node is not YamlSequenceNode list)
        {
            Error(node, $"{context}: obligations: expected a list");
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
                CheckKeys(mapping, ["code", "section"], $"{context}: obligation");
                var codeNode = RequiredScalar(mapping, "code", $"{context}: obligation");
                var sectionNode = RequiredScalar(mapping, "section", $"{context}: obligation");
                if (codeNode is not null && sectionNode is not null && ObligationCode(codeNode, context) is { } code)
                {
                    into.Add(new RuleObligation(code, sectionNode.Value!));
                }
            }
            else
            {
                Error(item, $"{context}: an obligation is a code or a mapping with code and section");
            }
        }
    }

    private Obligation? ObligationCode(YamlScalarNode node, string context)
    {
        if (WireNames.Obligations.TryParse(node.Value ?? "", out var number))
        {
            return (Obligation)number;
        }

        Error(node, $"{context}: unknown obligation '{node.Value}'");
        return null;
    }

    private Condition? ParseCondition(YamlScalarNode node, ulong allowed, string kind)
    {
        var condition = ConditionParser.Parse(node.Value ?? "", _vocabulary.Predicates, _vocabulary.Implications, allowed, kind, out var error, out var offset);
        if (condition is null)
        {
            // Point at the offending token when the condition sits on one line.
            var quoted = node.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted ? 1 : 0;
            Error((int)node.Start.Line, (int)node.Start.Column + quoted + offset, $"when: {error} in \"{node.Value}\"");
        }

        return condition;
    }

    private bool Flag(YamlMappingNode node, string key, string context)
    {
        if (Child(node, key) is not { } flag)
        {
            return false;
        }

        if (flag is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(flag, $"{context}: {key} must be true or false");
        return false;
    }

    private void Link(List<JurisdictionModel> jurisdictions)
    {
        var byId = new Dictionary<string, JurisdictionModel>(StringComparer.Ordinal);
        var sourceIds = new Dictionary<string, SourceModel>(StringComparer.Ordinal);
        foreach (var jurisdiction in jurisdictions)
        {
            if (!byId.TryAdd(jurisdiction.Id, jurisdiction))
            {
                Report(jurisdiction.Location, $"duplicate jurisdiction id '{jurisdiction.Id}' (also in {byId[jurisdiction.Id].Location.File})");
            }

            foreach (var source in jurisdiction.Sources)
            {
                if (!sourceIds.TryAdd(source.Id, source))
                {
                    Report(source.Location, $"duplicate source id '{source.Id}' (also at {sourceIds[source.Id].Location})");
                }
            }
        }

        var roots = jurisdictions.Where(j => j.Parent is null).ToList();
        if (roots.Count != 1)
        {
            foreach (var root in roots.Count == 0 ? jurisdictions.Take(1) : roots.Skip(1))
            {
                Report(root.Location, roots.Count == 0 ? "no root jurisdiction (one file must have parent: null)" : $"more than one root jurisdiction ('{roots[0].Id}' and '{root.Id}')");
            }
        }

        foreach (var jurisdiction in jurisdictions)
        {
            var chain = new List<JurisdictionModel>();
            for (var current = jurisdiction; current is not null;)
            {
                if (chain.Contains(current))
                {
                    Report(jurisdiction.Location, $"jurisdiction '{jurisdiction.Id}': parent chain loops at '{current.Id}'");
                    break;
                }

                chain.Add(current);
                if (current.Parent is null)
                {
                    break;
                }

                if (!byId.TryGetValue(current.Parent, out var parent))
                {
                    Report(current.Location, $"jurisdiction '{current.Id}': unknown parent '{current.Parent}'");
                    break;
                }

                current = parent;
            }

            chain.Reverse();
            jurisdiction.Chain.AddRange(chain);
        }
    }

    private void CheckQuotes(List<JurisdictionModel> jurisdictions, string seedsDirectory)
    {
        var seeds = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var rule in jurisdictions.SelectMany(j => j.Sources).SelectMany(s => s.Rules))
        {
            if (rule.Seed is null)
            {
                continue; // public law not in the seeds
            }

            if (!seeds.TryGetValue(rule.Seed, out var text))
            {
                var path = Path.Combine(seedsDirectory, rule.Seed + ".txt");
                text = File.Exists(path) ? QuoteText.Normalize(File.ReadAllText(path)) : null;
                seeds[rule.Seed] = text;
                if (text is null)
                {
                    Report(rule.Location, $"rule {rule.Source.Id} {rule.Section}: seed file {rule.Seed}.txt not found in {seedsDirectory}");
                }
            }

            if (text is not null && QuoteText.FindMissingFragment(rule.Quote, text) is { } missing)
            {
                Report(rule.Location, $"rule {rule.Source.Id} {rule.Section}: quote not found in seed {rule.Seed}: \"{missing}\"");
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    private YamlMappingNode? Mapping(YamlMappingNode node, string key, string context)
    {
        switch (Child(node, key))
        {
            case YamlMappingNode mapping:
                return mapping;
            case null:
                Error(node, $"{context}: missing '{key}'");
                return null;
            case var other:
                Error(other, $"{context}: '{key}' must be a mapping");
                return null;
        }
    }

    private IEnumerable<YamlScalarNode> Sequence(YamlNode node, string context)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{context}: expected a list");
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                yield return scalar;
            }
            else
            {
                Error(item, $"{context}: expected a name");
            }
        }
    }

    private YamlScalarNode? RequiredScalar(YamlMappingNode node, string key, string context)
    {
        switch (Child(node, key))
        {
            case YamlScalarNode scalar when !IsNull(scalar) && !string.IsNullOrWhiteSpace(scalar.Value):
                return scalar;
            case null:
                Error(node, $"{context}: missing '{key}'");
                return null;
            case var other:
                Error(other, $"{context}: '{key}' must be a non-empty text");
                return null;
        }
    }

    private void CheckKeys(YamlMappingNode node, string[] allowed, string context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, name) < 0)
            {
                Error(key, $"{context}: unknown key '{name}' (expected {string.Join(", ", allowed)})");
            }
            else if (!seen.Add(name))
            {
                Error(key, $"{context}: duplicate key '{name}'");
            }
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    private SourceLocation Locate(YamlNode node) => new(_file, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(YamlNode node, string message) => Error((int)node.Start.Line, (int)node.Start.Column, message);

    private void Error(int line, int column, string message) => _diagnostics.Add(new PolicyDiagnostic(_file, line, column, message));

    private void Report(SourceLocation location, string message) =>
        _diagnostics.Add(new PolicyDiagnostic(location.File, location.Line, location.Column, message));
}
