using System.Diagnostics;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// One metadata entry: an ASCII key with a string value, or a key ending in <c>-bin</c> with a
/// binary value (base64 on the wire).
/// </summary>
[DebuggerDisplay("{Key}: {ToString(),nq}")]
public sealed class MetadataEntry
{
    private readonly string? _value;
    private readonly byte[]? _valueBytes;

    /// <summary>Creates an ASCII entry. The key is lower-cased; it must not end in <c>-bin</c>.</summary>
    public MetadataEntry(string key, string value)
    {
        Key = Metadata.NormalizeKey(key);
        if (Metadata.IsBinaryKey(Key))
        {
            throw new ArgumentException($"Key '{Key}' ends in '-bin': give a byte[] value.", nameof(key));
        }

        ArgumentNullException.ThrowIfNull(value);
        if (!Metadata.IsPrintableAscii(value))
        {
            throw new ArgumentException($"Metadata value for '{Key}' must be printable ASCII.", nameof(value));
        }

        _value = value;
    }

    /// <summary>Creates a binary entry. The key is lower-cased; it must end in <c>-bin</c>.</summary>
    public MetadataEntry(string key, byte[] valueBytes)
    {
        Key = Metadata.NormalizeKey(key);
        if (!Metadata.IsBinaryKey(Key))
        {
            throw new ArgumentException($"Key '{Key}' must end in '-bin' to carry a binary value.", nameof(key));
        }

        _valueBytes = valueBytes ?? throw new ArgumentNullException(nameof(valueBytes));
    }

    /// <summary>The lower-case key.</summary>
    public string Key { get; }

    /// <summary>True when the key ends in <c>-bin</c> and the value is binary.</summary>
    public bool IsBinary => _valueBytes is not null;

    /// <summary>The ASCII value; throws for a binary entry.</summary>
    public string Value => _value ?? throw new InvalidOperationException($"Entry '{Key}' is binary: read ValueBytes.");

    /// <summary>The binary value; throws for an ASCII entry.</summary>
    public byte[] ValueBytes => _valueBytes ?? throw new InvalidOperationException($"Entry '{Key}' is ASCII: read Value.");

    /// <summary>The value as sent on the wire: the ASCII value, or unpadded base64 for binary entries.</summary>
    public string ToWireValue() => _valueBytes is null ? _value! : Metadata.EncodeBinary(_valueBytes);

    /// <inheritdoc />
    public override string ToString() => ToWireValue();
}
