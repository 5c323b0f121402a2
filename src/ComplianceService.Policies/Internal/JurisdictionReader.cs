using System.Globalization;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// Reads one policy document as a jurisdiction (id, name, parent) and its sources (id, title,
/// authority, provenance, effective date, seed), handing each rule to a <see cref="RuleReader"/>.
/// The id must be the document's name without its extension.
/// </summary>
internal sealed class JurisdictionReader
{
    private static readonly string[] JurisdictionKeys = ["id", "name", "parent", "sources", "vocabulary"];
    private static readonly string[] SourceKeys = ["id", "title", "short", "authority", "provenance", "effective", "seed", "rules"];

    private readonly PolicyDocument _document;
    private readonly RuleReader _rules;

    private JurisdictionReader(PolicyDocument document, PolicyVocabulary vocabulary)
    {
        _document = document;
        _rules = new RuleReader(document, vocabulary);
    }

    /// <summary>The jurisdiction of <paramref name="document"/>, or null when it lacks an id or a name.</summary>
    public static JurisdictionModel? Read(PolicyDocument document, PolicyVocabulary vocabulary) =>
        new JurisdictionReader(document, vocabulary).Read(document.Root);

    private JurisdictionModel? Read(YamlMappingNode root)
    {
        _document.CheckKeys(root, JurisdictionKeys, "jurisdiction");
        var id = _document.RequiredScalar(root, "id", "jurisdiction");
        var name = _document.RequiredScalar(root, "name", "jurisdiction");
        var parentNode = PolicyDocument.Child(root, "parent");
        string? parent = null;
        if (parentNode is YamlScalarNode parentScalar && !PolicyDocument.IsNull(parentScalar))
        {
            parent = parentScalar.Value;
        }
        else if (parentNode is not null and not YamlScalarNode)
        {
            _document.Error(parentNode, "parent: expected a jurisdiction id or null");
        }

        if (id is null || name is null)
        {
            return null;
        }

        var expectedId = Path.GetFileNameWithoutExtension(_document.Name);
        if (id.Value != expectedId)
        {
            _document.Error(id, $"id '{id.Value}' does not match the file name (expected '{expectedId}')");
        }

        var jurisdiction = new JurisdictionModel { Id = id.Value!, Name = name.Value!, Parent = parent, Location = _document.Locate(root) };
        if (PolicyDocument.Child(root, "sources") is { } sourcesNode)
        {
            if (sourcesNode is not YamlSequenceNode sources)
            {
                _document.Error(sourcesNode, "sources: expected a list");
                return jurisdiction;
            }

            foreach (var sourceNode in sources.Children)
            {
                if (sourceNode is not YamlMappingNode source)
                {
                    _document.Error(sourceNode, "source: expected a mapping");
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
            _document.Error(root, "missing 'sources' (write 'sources: []' when there are none)");
        }

        return jurisdiction;
    }

    private SourceModel? ParseSource(YamlMappingNode node, string jurisdiction)
    {
        _document.CheckKeys(node, SourceKeys, "source");
        var id = _document.RequiredScalar(node, "id", "source");
        var context = id is null ? "source" : $"source {id.Value}";
        var title = _document.RequiredScalar(node, "title", context);
        var shortName = _document.RequiredScalar(node, "short", context);
        var authorityNode = _document.RequiredScalar(node, "authority", context);
        var provenance = _document.ParseName(_document.RequiredScalar(node, "provenance", context), WireNames.Provenances, $"{context}: provenance");
        var effectiveNode = _document.RequiredScalar(node, "effective", context);
        var seedNode = _document.RequiredScalar(node, "seed", context);

        var authority = 0;
        if (authorityNode is not null && !WireNames.Authorities.TryParse(authorityNode.Value!, out authority))
        {
            _document.Error(authorityNode, $"{context}: unknown authority '{authorityNode.Value}' (expected one of {string.Join(", ", WireNames.Authorities.ShortNames)})");
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
                _document.Error(effectiveNode, $"{context}: bad effective date '{effectiveNode.Value}' (expected yyyy-MM-dd or unknown)");
            }
        }

        var seed = _document.ParseSeed(seedNode, context);
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
            Location = _document.Locate(node),
        };

        if (PolicyDocument.Child(node, "rules") is { } rulesNode)
        {
            if (rulesNode is not YamlSequenceNode rules)
            {
                _document.Error(rulesNode, $"{context}: rules: expected a list");
                return source;
            }

            foreach (var ruleNode in rules.Children)
            {
                if (ruleNode is not YamlMappingNode rule)
                {
                    _document.Error(ruleNode, $"{context}: rule: expected a mapping");
                    continue;
                }

                if (_rules.Read(rule, source) is { } model)
                {
                    source.Rules.Add(model);
                }
            }
        }

        return source;
    }
}
