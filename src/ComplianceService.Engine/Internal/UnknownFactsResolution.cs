using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Google.Protobuf;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// The answer for a request with unknown facts (DOMAIN.md "Unknown facts"): every assignment
/// decided through the same table; the headline is the most cautious outcome (PROHIBITED,
/// APPROVAL_REQUIRED, REQUIRED, NOT_ADDRESSED, PERMITTED) with the obligations and citations of
/// the first assignment giving it.
/// </summary>
internal sealed class UnknownFactsResolution
{
    private readonly byte[] _encoded;

    private UnknownFactsResolution(DecisionTemplate headline, Fact[] dependsOn, EngineAlternative[] alternatives)
    {
        Headline = headline;
        DependsOn = dependsOn;
        Alternatives = alternatives;
        var tail = new Decision();
        AddTo(tail);
        _encoded = tail.ToByteArray();
    }

    public DecisionTemplate Headline { get; }

    public Fact[] DependsOn { get; }

    public EngineAlternative[] Alternatives { get; }

    /// <summary>Fields 7 (depends_on) and 8 (alternatives) of a Decision, serialized.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <param name="unknown">The unknown facts in request order (bit i of an assignment = fact i).</param>
    /// <param name="assignments">The decision of each assignment, in binary counting order.</param>
    public static UnknownFactsResolution Create(Fact[] unknown, DecisionTemplate[] assignments)
    {
        var headline = assignments[0];
        foreach (var candidate in assignments)
        {
            if (Caution(candidate.Outcome) < Caution(headline.Outcome))
            {
                headline = candidate;
            }
        }

        var dependsOn = new List<Fact>(unknown.Length);
        for (var i = 0; i < unknown.Length; i++)
        {
            for (var a = 0; a < assignments.Length; a++)
            {
                if (assignments[a].Outcome != assignments[a ^ (1 << i)].Outcome)
                {
                    dependsOn.Add(unknown[i]);
                    break;
                }
            }
        }

        var alternatives = new EngineAlternative[assignments.Length];
        for (var a = 0; a < assignments.Length; a++)
        {
            var trueFacts = ImmutableArray.CreateBuilder<Fact>();
            for (var i = 0; i < unknown.Length; i++)
            {
                if ((a & (1 << i)) != 0)
                {
                    trueFacts.Add(unknown[i]);
                }
            }

            alternatives[a] = new EngineAlternative(trueFacts.ToImmutable(), assignments[a].Outcome);
        }

        return new UnknownFactsResolution(headline, [.. dependsOn], alternatives);
    }

    public void AddTo(Decision decision)
    {
        decision.DependsOn.Add(DependsOn);
        foreach (var alternative in Alternatives)
        {
            var message = new Alternative { Outcome = alternative.Outcome };
            message.TrueFacts.Add(alternative.TrueFacts);
            decision.Alternatives.Add(message);
        }
    }

    private static int Caution(Outcome outcome) => outcome switch
    {
        Outcome.Prohibited => 0,
        Outcome.ApprovalRequired => 1,
        Outcome.Required => 2,
        Outcome.NotAddressed => 3,
        _ => 4,
    };
}
