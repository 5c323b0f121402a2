using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace ComplianceService.Engine.Internal;

/// <summary>The wire names of one vocabulary enum ("FACT_STATE_CHARGE") and the short names the
/// policy files use ("STATE_CHARGE"), read once from the generated descriptor.</summary>
internal sealed class EnumNames
{
    private readonly string[] _full;
    private readonly string[] _short;
    private readonly FrozenDictionary<string, int> _byShort;

    public EnumNames(EnumDescriptor descriptor, string prefix)
    {
        var max = descriptor.Values.Max(v => v.Number);
        _full = new string[max + 1];
        _short = new string[max + 1];
        var byShort = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in descriptor.Values)
        {
            _full[value.Number] = value.Name;
            _short[value.Number] = value.Name.StartsWith(prefix, StringComparison.Ordinal) ? value.Name[prefix.Length..] : value.Name;
            if (value.Number != 0)
            {
                byShort[_short[value.Number]] = value.Number;
            }
        }

        _byShort = byShort.ToFrozenDictionary(StringComparer.Ordinal);
        Max = max;
    }

    /// <summary>The largest defined number.</summary>
    public int Max { get; }

    /// <summary>True when the number is a defined value (unspecified included).</summary>
    public bool IsDefined(int number) => number >= 0 && number <= Max && _full[number] is not null;

    public string Full(int number) => IsDefined(number) ? _full[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Short(int number) => IsDefined(number) ? _short[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Looks up a short name; unspecified is never found.</summary>
    public bool TryParse(string shortName, out int number) => _byShort.TryGetValue(shortName, out number);

    public IEnumerable<string> ShortNames => _byShort.Keys.Order(StringComparer.Ordinal);
}
