using System.Collections;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// Custom gRPC metadata (request headers, response headers or trailers): an ordered list of
/// entries whose keys are lower-case ASCII; keys ending in <c>-bin</c> carry binary values.
/// </summary>
public sealed class Metadata : IReadOnlyList<MetadataEntry>
{
    /// <summary>The suffix that marks a binary key.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<MetadataEntry> _entries = [];

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public MetadataEntry this[int index] => _entries[index];

    /// <summary>Adds an ASCII entry.</summary>
    public Metadata Add(string key, string value)
    {
        _entries.Add(new MetadataEntry(key, value));
        return this;
    }

    /// <summary>Adds a binary entry (key must end in <c>-bin</c>).</summary>
    public Metadata Add(string key, byte[] valueBytes)
    {
        _entries.Add(new MetadataEntry(key, valueBytes));
        return this;
    }

    /// <summary>Adds an entry.</summary>
    public Metadata Add(MetadataEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        return this;
    }

    /// <summary>The last entry with <paramref name="key"/>, or null.</summary>
    public MetadataEntry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The ASCII value of the last entry with <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => Get(key) is { IsBinary: false } entry ? entry.Value : null;

    /// <summary>The binary value of the last entry with <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key) is { IsBinary: true } entry ? entry.ValueBytes : null;

    /// <summary>Adds an entry received on the wire: a <c>-bin</c> value is base64-decoded (padded or not).</summary>
    /// <returns>
    /// False when the key is not a valid metadata key, a <c>-bin</c> value is not valid base64, or
    /// an ASCII value is not printable (the entry is skipped: bad input from a peer never throws).
    /// </returns>
    public bool AddFromWire(string key, string wireValue)
    {
        if (!IsValidKey(key) || wireValue is null)
        {
            return false;
        }

        if (IsBinaryKey(key))
        {
            var bytes = DecodeBinary(wireValue);
            if (bytes is null)
            {
                return false;
            }

            _entries.Add(new MetadataEntry(key, bytes));
            return true;
        }

        if (!IsPrintableAscii(wireValue))
        {
            return false;
        }

        _entries.Add(new MetadataEntry(key, wireValue));
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<MetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>True when <paramref name="key"/> ends in <c>-bin</c>.</summary>
    public static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for keys the protocol itself owns (pseudo-headers, <c>grpc-*</c>, content-type, te,
    /// user-agent ...), which are not custom metadata.
    /// </summary>
    public static bool IsReservedKey(string key) =>
        key.Length == 0
        || key[0] == ':'
        || key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase);

    /// <summary>Base64 without padding, as the gRPC spec asks senders to emit.</summary>
    public static string EncodeBinary(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>Decodes a base64 value, padded or unpadded; null when it is not base64.</summary>
    public static byte[]? DecodeBinary(string wireValue)
    {
        var trimmed = wireValue.Trim();
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            return null;
        }

        var padded = padding == 0 ? trimmed : string.Concat(trimmed, new string('=', padding));
        var buffer = new byte[(padded.Length / 4) * 3];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    internal static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!IsValidKey(key))
        {
            throw new ArgumentException($"Metadata key '{key}' has a character outside [0-9a-z-_.].", nameof(key));
        }

        return key.ToLowerInvariant();
    }

    internal static bool IsValidKey(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is not (>= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
