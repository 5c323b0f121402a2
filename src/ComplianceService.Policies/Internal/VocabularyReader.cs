using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// Reads the <c>vocabulary</c> section (in the root jurisdiction's file, and only there): each
/// obligation's text, actor and deadline; the implications between facts; the derived predicates
/// rules may name; the visa each crime qualifies for; the not-addressed guidance line.
/// </summary>
internal sealed partial class VocabularyReader
{
    private static readonly string[] VocabularyKeys = ["obligations", "implications", "predicates", "visa", "not_addressed_guidance"];

    private readonly PolicyDocument _document;
    private readonly PolicyVocabulary _vocabulary = new();

    private VocabularyReader(PolicyDocument document) => _document = document;

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex PredicateNamePattern();

    [GeneratedRegex("^([0-9]+)([hms])$")]
    private static partial Regex DurationPattern();

    /// <summary>The vocabulary of the one document holding it; empty (after reporting why) when
    /// none or several do.</summary>
    public static PolicyVocabulary Read(IReadOnlyList<PolicyDocument> documents, List<PolicyDiagnostic> diagnostics)
    {
        var found = documents.Where(d => PolicyDocument.Child(d.Root, "vocabulary") is not null).ToList();
        if (found.Count == 0)
        {
            diagnostics.Add(new PolicyDiagnostic(documents.Count > 0 ? documents[0].Name : "", 0, 0, "no file has the 'vocabulary' section (it belongs in the root jurisdiction's file)"));
            return new PolicyVocabulary();
        }

        foreach (var extra in found.Skip(1))
        {
            extra.Error(PolicyDocument.Child(extra.Root, "vocabulary")!, "only one file may hold the 'vocabulary' section");
        }

        var document = found[0];
        if (PolicyDocument.Child(document.Root, "vocabulary") is not YamlMappingNode vocabulary)
        {
            document.Error(PolicyDocument.Child(document.Root, "vocabulary")!, "'vocabulary' must be a mapping");
            return new PolicyVocabulary();
        }

        var reader = new VocabularyReader(document);
        document.CheckKeys(vocabulary, VocabularyKeys, "vocabulary");
        reader.ParseObligationTexts(vocabulary);
        reader.ParseImplications(vocabulary);
        reader.ParsePredicates(vocabulary);
        reader.ParseVisaClasses(vocabulary);
        var guidance = document.RequiredScalar(vocabulary, "not_addressed_guidance", "vocabulary");
        if (guidance is not null)
        {
            reader._vocabulary.NotAddressedGuidance = guidance.Value!;
        }

        return reader._vocabulary;
    }

    private void ParseObligationTexts(YamlMappingNode vocabulary)
    {
        if (_document.Mapping(vocabulary, "obligations", "vocabulary") is not { } obligations)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in obligations.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Obligations.TryParse(key, out var code))
            {
                _document.Error(keyNode, $"unknown obligation '{key}'");
                continue;
            }

            if (valueNode is not YamlMappingNode definition)
            {
                _document.Error(valueNode, $"obligation {key}: expected a mapping with 'text' and optional 'deadline'");
                continue;
            }

            _document.CheckKeys(definition, ["text", "actor", "deadline"], $"obligation {key}");
            var text = _document.RequiredScalar(definition, "text", $"obligation {key}");
            var actor = _document.ParseName(_document.RequiredScalar(definition, "actor", $"obligation {key}"), WireNames.Actors, $"obligation {key}: actor");
            long deadline = 0;
            if (PolicyDocument.Child(definition, "deadline") is { } deadlineNode)
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
                _document.Error(obligations, $"vocabulary.obligations: {WireNames.Obligations.Short(code)} has no text and actor");
            }
        }
    }

    private long ParseDuration(YamlNode node, string obligation)
    {
        var match = node is YamlScalarNode { Value: { } value } ? DurationPattern().Match(value) : Match.Empty;
        if (!match.Success)
        {
            _document.Error(node, $"obligation {obligation}: bad deadline (expected <n>h, <n>m or <n>s)");
            return 0;
        }

        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "h" => amount * 3600, "m" => amount * 60, _ => amount };
    }

    private void ParseImplications(YamlMappingNode vocabulary)
    {
        if (PolicyDocument.Child(vocabulary, "implications") is null)
        {
            return; // optional: no fact implies another
        }

        if (_document.Mapping(vocabulary, "implications", "vocabulary") is not { } implications)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in implications.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Facts.TryParse(name, out var fact) || _vocabulary.Implications.ContainsKey(fact))
            {
                _document.Error(keyNode, $"implication '{name}': the key is a fact's name, once");
                continue;
            }

            if (valueNode is not YamlScalarNode expression)
            {
                _document.Error(valueNode, $"implication {name}: expected a condition");
                continue;
            }

            // The condition may read only inputs of the request kinds the fact belongs to.
            var allowed = (InputLayout.FactBit((Fact)fact) & InputLayout.EncounterFactBits) != 0
                ? InputLayout.EncounterInputBits
                : InputLayout.BasisFactBits;
            if (_document.ParseCondition(expression, _vocabulary, allowed, $"a request carrying {name}") is { } condition)
            {
                _vocabulary.Implications[fact] = condition;
            }
        }
    }

    private void ParsePredicates(YamlMappingNode vocabulary)
    {
        if (_document.Mapping(vocabulary, "predicates", "vocabulary") is not { } predicates)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in predicates.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!PredicateNamePattern().IsMatch(name) || WireNames.Facts.TryParse(name, out _) || _vocabulary.Predicates.ContainsKey(name))
            {
                _document.Error(keyNode, $"predicate '{name}': names are UPPER_SNAKE_CASE, unique, and not a fact's name");
                continue;
            }

            if (valueNode is not YamlScalarNode expression)
            {
                _document.Error(valueNode, $"predicate {name}: expected a condition");
                continue;
            }

            if (_document.ParseCondition(expression, _vocabulary, ulong.MaxValue >> (64 - InputLayout.InputBitCount), "any request") is { } condition)
            {
                _vocabulary.Predicates[name] = condition;
            }
        }
    }

    private void ParseVisaClasses(YamlMappingNode vocabulary)
    {
        if (_document.Mapping(vocabulary, "visa", "vocabulary") is not { } visa)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in visa.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!WireNames.Visas.TryParse(name, out var visaNumber))
            {
                _document.Error(keyNode, $"unknown visa '{name}'");
                continue;
            }

            foreach (var crimeNode in _document.Sequence(valueNode, $"visa {name}"))
            {
                var crime = crimeNode.Value ?? "";
                if (!WireNames.Crimes.TryParse(crime, out var crimeNumber))
                {
                    _document.Error(crimeNode, $"unknown crime '{crime}'");
                }
                else if (_vocabulary.CrimeVisa[crimeNumber] != Visa.Unspecified)
                {
                    _document.Error(crimeNode, $"crime {crime} is classified twice");
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
                _document.Error(visa, $"vocabulary.visa: crime {WireNames.Crimes.Short(crime)} is not classified");
            }
        }
    }
}
