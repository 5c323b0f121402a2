using ComplianceService.Contracts.V1;
using Google.Protobuf.Reflection;

namespace ComplianceService.Scenarios;

/// <summary>Reads the scenario file's short enum names ("INQUIRE_STATUS") as wire enum values.</summary>
public static class WireEnum
{
    /// <summary>Parses <paramref name="name"/> as a value of <typeparamref name="T"/>, whose proto
    /// values carry <paramref name="prefix"/> (e.g. "ACTION_").</summary>
    public static T Parse<T>(string name, string prefix)
        where T : struct, Enum
    {
        var descriptor = VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(typeof(T).Name)
            ?? throw new ArgumentException($"{typeof(T).Name} is not a compliance.v1 enum");
        var value = descriptor.FindValueByName(prefix + name)
            ?? throw new FormatException($"'{name}' is not a {typeof(T).Name} ({prefix}...)");
        return (T)(object)value.Number;
    }

    /// <summary>The short name of a wire enum value ("PROHIBITED" for Outcome.Prohibited).</summary>
    public static string Name<T>(T value, string prefix)
        where T : struct, Enum
    {
        var descriptor = VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(typeof(T).Name);
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        var name = descriptor?.FindValueByNumber(number)?.Name;
        return name is null ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : name[prefix.Length..];
    }
}
