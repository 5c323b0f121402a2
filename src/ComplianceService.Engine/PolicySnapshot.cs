using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using ComplianceService.Policy.V1;
using Google.Protobuf;

namespace ComplianceService.Engine;

/// <summary>
/// One loaded policy bundle: immutable, precompiled decision tables in memory. Decisions are a
/// few array reads with no I/O, no locks and, without unknown facts, no allocation; a server
/// swaps snapshots with one reference assignment.
/// </summary>
public sealed partial class PolicySnapshot
{
    private readonly FrozenDictionary<string, JurisdictionState> _jurisdictions;
    private readonly FrozenDictionary<string, ImmutableArray<RuleDescription>> _rules;

    private PolicySnapshot(
        string revision,
        FrozenDictionary<string, JurisdictionState> jurisdictions,
        ImmutableArray<JurisdictionDescription> descriptions,
        ImmutableArray<DecisionTemplate> templates,
        FrozenDictionary<string, ImmutableArray<RuleDescription>> rules)
    {
        Revision = revision;
        _jurisdictions = jurisdictions;
        _rules = rules;
        Jurisdictions = descriptions;
        JurisdictionIds = [.. descriptions.Select(j => j.Id)];
        Templates = templates;
    }

    /// <summary>The bundle layout version this engine loads (<c>PolicyBundle.format</c>).</summary>
    public const uint BundleFormat = 2;

    /// <summary>Lowercase hex SHA-256 of the bundle bytes.</summary>
    public string Revision { get; }

    /// <summary>The jurisdiction ids served, sorted.</summary>
    public ImmutableArray<string> JurisdictionIds { get; }

    /// <summary>The jurisdictions served, sorted by id, each with the sources of its chain
    /// (inherited ones included, strongest authority first), authority and effective dates.</summary>
    public ImmutableArray<JurisdictionDescription> Jurisdictions { get; }

    /// <summary>Every decision template of the snapshot; a template's <see cref="DecisionTemplate.Index"/>
    /// is its place here.</summary>
    public ImmutableArray<DecisionTemplate> Templates { get; }

    /// <summary>The rules of a source as its policy file states them, in file order (empty for an unknown source id):
    /// for reading, such as a jurisdiction's policy page; decisions never read them.</summary>
    public ImmutableArray<RuleDescription> RulesOf(string sourceId) =>
        _rules.TryGetValue(sourceId, out var rules) ? rules : [];

    /// <summary>Loads a bundle produced by the policy compiler (ComplianceService.Policies), naming it by its hash.</summary>
    /// <param name="bundle">The serialized <c>compliance.policy.v1.PolicyBundle</c>.</param>
    /// <exception cref="PolicyBundleException">Bad bytes or inconsistent content.</exception>
    public static PolicySnapshot Load(ReadOnlySpan<byte> bundle) => Load(bundle, BundleRevision.Compute(bundle));

    /// <summary>Loads a bundle whose revision is already checked; it is not hashed again.</summary>
    /// <param name="bundle">The serialized <c>compliance.policy.v1.PolicyBundle</c> and its revision.</param>
    /// <exception cref="PolicyBundleException">Bad bytes or inconsistent content.</exception>
    public static PolicySnapshot Load(VerifiedBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Load(bundle.Bytes.Span, bundle.Revision);
    }

    private static PolicySnapshot Load(ReadOnlySpan<byte> bundle, string revision)
    {
        PolicyBundle message;
        try
        {
            message = PolicyBundle.Parser.ParseFrom(bundle);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PolicyBundleException("not a policy bundle: " + e.Message, e);
        }

        if (message.Format != BundleFormat)
        {
            throw new PolicyBundleException($"bundle format {message.Format} is not supported (expected {BundleFormat})");
        }

        try
        {
            return Build(message, revision);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or FormatException or InvalidOperationException)
        {
            throw new PolicyBundleException("inconsistent policy bundle: " + e.Message, e);
        }
    }

    /// <summary>A served jurisdiction's epochs and tables, or null when it is not served (for the analyses).</summary>
    internal JurisdictionState? State(string jurisdiction) => _jurisdictions.GetValueOrDefault(jurisdiction);

    /// <summary>The table deciding a target at a date (for tests of the table machinery).</summary>
    internal CompiledTable TableFor(string jurisdiction, long asOfTicks, int target) => _jurisdictions[jurisdiction].Table(asOfTicks, target);

    private static PolicySnapshot Build(PolicyBundle bundle, string revision)
    {
        var sources = bundle.Sources.Select(ToSource).ToArray();
        var obligations = bundle.Obligations
            .Select(o => new DecisionObligation(o.Code, o.Text, o.DeadlineSeconds > 0 ? TimeSpan.FromSeconds(o.DeadlineSeconds) : null, o.Source, o.Section, o.Actor))
            .ToArray();
        var citations = bundle.Citations
            .Select(c => new DecisionCitation(sources[c.Source].Id, c.Section, c.Quote, sources[c.Source].Authority, c.Outcome, c.Effect, c.Provenance))
            .ToArray();

        var templates = new DecisionTemplate[bundle.Templates.Count];
        for (var i = 0; i < templates.Length; i++)
        {
            var t = bundle.Templates[i];
            templates[i] = new DecisionTemplate(
                i,
                bundle.Jurisdictions[(int)t.Jurisdiction].Id,
                t.Action,
                t.Request,
                t.Outcome,
                t.Visa,
                t.Guidance,
                revision,
                [.. t.Obligations.Select(o => obligations[o])],
                [.. t.Citations.Select(c => citations[c])]);
        }

        var tables = new CompiledTable?[bundle.Jurisdictions.Count][];
        for (var j = 0; j < tables.Length; j++)
        {
            tables[j] = new CompiledTable?[bundle.Jurisdictions[j].EpochStarts.Count * InputLayout.TargetCount];
        }

        foreach (var table in bundle.Tables)
        {
            var target = table.Action != Contracts.V1.Action.Unspecified
                ? InputLayout.ActionTarget(table.Action)
                : InputLayout.RequestTarget(table.Request);
            var cellCount = 1L << System.Numerics.BitOperations.PopCount(table.Mask);
            if (target is < 0 or >= InputLayout.TargetCount || table.Cells.Count != cellCount || (table.Mask >> InputLayout.InputBitCount) != 0)
            {
                throw new PolicyBundleException($"table {table.Jurisdiction}/{table.Epoch}/{target} is malformed");
            }

            tables[(int)table.Jurisdiction][((int)table.Epoch * InputLayout.TargetCount) + target] =
                new CompiledTable(table.Mask, [.. table.Cells.Select(c => templates[c])]);
        }

        var descriptions = new List<JurisdictionDescription>();
        var states = new Dictionary<string, JurisdictionState>(StringComparer.Ordinal);
        var answers = new AnswerClasses().Of(templates);
        for (var j = 0; j < bundle.Jurisdictions.Count; j++)
        {
            var entry = bundle.Jurisdictions[j];
            if (entry.EpochStarts.Count == 0 || entry.EpochStarts[0] != 0 || tables[j].Any(t => t is null))
            {
                throw new PolicyBundleException($"jurisdiction {entry.Id} lacks epochs or tables");
            }

            var state = new JurisdictionState(entry.Id, [.. entry.EpochStarts], tables[j]!);
            states.Add(entry.Id, state);

            // Computed once here, so that ListJurisdictions serves them without work per call.
            descriptions.Add(new JurisdictionDescription(
                entry.Id, entry.Name, entry.Parent, [.. entry.Sources.Select(s => sources[s])], RelevanceAnalysis.Of(state, answers)));
        }

        var rules = new Dictionary<string, ImmutableArray<RuleDescription>>(StringComparer.Ordinal);
        foreach (var source in bundle.Sources)
        {
            rules[source.Id] = [.. source.Rules.Select(r => new RuleDescription(
                source.Id, r.Section, r.Quote, [.. r.Actions], [.. r.Requests], r.When, r.Outcome, [.. r.Obligations], r.Guidance, r.Provenance))];
        }

        return new PolicySnapshot(
            revision,
            states.ToFrozenDictionary(StringComparer.Ordinal),
            [.. descriptions.OrderBy(d => d.Id, StringComparer.Ordinal)],
            ImmutableArray.Create(templates),
            rules.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static SourceDescription ToSource(SourceEntry entry) => new(
        entry.Id,
        entry.Title,
        entry.Authority,
        entry.Effective.Length == 0 ? null : DateOnly.ParseExact(entry.Effective, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        entry.Jurisdiction,
        entry.Seed,
        entry.Provenance);
}
