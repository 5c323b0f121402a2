using Google.Protobuf.Reflection;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// Enum values of the wire contract given by name on the command line: <c>STATUS_IN_QUESTION</c>,
/// <c>FACT_STATUS_IN_QUESTION</c> or <c>status-in-question</c> (case and the enum's prefix do not matter).
/// </summary>
internal static class WireNames
{
    /// <summary>The value named, or a usage failure naming the option and the values it takes.</summary>
    public static TEnum Parse<TEnum>(string option, string name, EnumDescriptor descriptor)
        where TEnum : struct, Enum
    {
        var prefix = Prefix(descriptor);
        var wanted = name.Trim().Replace('-', '_').ToUpperInvariant();
        foreach (var value in descriptor.Values)
        {
            if (value.Number != 0 && (value.Name == wanted || value.Name == prefix + wanted))
            {
                return (TEnum)Enum.ToObject(typeof(TEnum), value.Number);
            }
        }

        throw new CommandFailure(
            ExitCodes.Usage,
            $"{option}: unknown {descriptor.Name.ToLowerInvariant()} '{name}' (one of: {string.Join(", ", descriptor.Values.Where(v => v.Number != 0).Select(v => v.Name[prefix.Length..]))})");
    }

    /// <summary>A value's name without its enum's prefix (<c>PROHIBITED</c> for <c>OUTCOME_PROHIBITED</c>).</summary>
    public static string Short<TEnum>(TEnum value, EnumDescriptor descriptor)
        where TEnum : struct, Enum
    {
        var number = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        var name = descriptor.FindValueByNumber(number)?.Name ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var prefix = Prefix(descriptor);
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    /// <summary>A vocabulary value's name without its enum's prefix (the enum found by its type's name).</summary>
    public static string Short<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Short(value, Contracts.V1.VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(typeof(TEnum).Name));

    // FACT_ for Fact, ACTION_ for Action: the prefix every value of the enum carries (that of its zero value).
    private static string Prefix(EnumDescriptor descriptor) =>
        descriptor.FindValueByNumber(0) is { } zero && zero.Name.EndsWith("UNSPECIFIED", StringComparison.Ordinal)
            ? zero.Name[..^"UNSPECIFIED".Length]
            : string.Empty;
}
