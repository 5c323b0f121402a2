using ComplianceService.Engine;
using Google.Protobuf;

namespace ComplianceService.Wire;

/// <summary>
/// Every decision template of one snapshot serialized once, as a <c>compliance.v1.Decision</c>
/// holding the template's fields (1-5, 9, 11-13), in an array indexed by
/// <see cref="DecisionTemplate.Index"/>. <see cref="DecisionWriter"/> appends the per-call fields.
/// </summary>
public sealed class DecisionEncoding
{
    private readonly byte[][] _templates;

    private DecisionEncoding(PolicySnapshot snapshot, byte[][] templates)
    {
        Snapshot = snapshot;
        _templates = templates;
    }

    /// <summary>The snapshot whose templates these are.</summary>
    public PolicySnapshot Snapshot { get; }

    private static void ThrowForeignTemplate() =>
        throw new ArgumentException("the template belongs to another snapshot", "template");

    /// <summary>Serializes every template of <paramref name="snapshot"/>.</summary>
    public static DecisionEncoding Create(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var templates = new byte[snapshot.Templates.Length][];
        foreach (var template in snapshot.Templates)
        {
            templates[template.Index] = DecisionMessages.ToMessage(template).ToByteArray();
        }

        return new DecisionEncoding(snapshot, templates);
    }

    /// <summary>The serialized template.</summary>
    /// <exception cref="ArgumentException">The template is not one of this snapshot's.</exception>
    public ReadOnlySpan<byte> this[DecisionTemplate template]
    {
        get
        {
            // A template of another snapshot would silently pick someone else's bytes.
            var templates = Snapshot.Templates;
            if ((uint)template.Index >= (uint)templates.Length || !ReferenceEquals(templates[template.Index], template))
            {
                ThrowForeignTemplate();
            }

            return _templates[template.Index];
        }
    }
}
