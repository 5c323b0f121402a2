using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ComplianceService.Audit;

/// <summary>
/// The line format of the segment files, and the hash chain that makes a changed, removed or reordered record evident.
/// </summary>
/// <remarks>
/// One record per line: <c>{seq} {prev} {hash} {json}\n</c>. <c>seq</c> counts a writer's records from 1;
/// <c>prev</c> is the previous record's <c>hash</c> (64 zeros for the first); <c>hash</c> is the lowercase hex SHA-256
/// of the bytes <c>"{seq} {prev} "</c> followed by the JSON exactly as written. The hash is each record's checksum, and
/// chaining it means a record cannot be changed, removed or moved without breaking the line after it.
/// </remarks>
public static class AuditChain
{
    /// <summary>The <c>prev</c> of a writer's first record.</summary>
    public static readonly string Origin = new('0', 64);

    /// <summary>Appends one record's line to <paramref name="buffer"/>; returns its hash.</summary>
    public static string Append(ArrayBufferWriter<byte> buffer, long seq, string prev, ReadOnlySpan<byte> json)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var head = seq.ToString(CultureInfo.InvariantCulture) + " " + prev + " ";
        Write(buffer, head);
        var hash = Hash(head, json);
        Write(buffer, hash);
        Write(buffer, " ");
        json.CopyTo(buffer.GetSpan(json.Length));
        buffer.Advance(json.Length);
        Write(buffer, "\n");
        return hash;
    }

    /// <summary>The hash of a record from its <c>"{seq} {prev} "</c> prefix and its JSON.</summary>
    public static string Hash(string head, ReadOnlySpan<byte> json)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(head));
        sha.AppendData(json);
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Splits a line (without its newline) into its parts; false when it does not have the shape of one.
    /// The JSON the writer emits is ASCII (non-ASCII characters are escaped), so the line's text is its bytes.</summary>
    public static bool TryParse(string line, out long seq, out string prev, out string hash, out string json)
    {
        ArgumentNullException.ThrowIfNull(line);
        seq = 0;
        prev = hash = json = "";
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        if (first <= 0 || !long.TryParse(line.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out seq))
        {
            return false;
        }

        var rest = line.AsSpan(first + 1);
        if (rest.Length < 130 || rest[64] != ' ' || rest[129] != ' ')
        {
            return false;
        }

        prev = rest[..64].ToString();
        hash = rest[65..129].ToString();
        json = rest[130..].ToString();
        return true;
    }

    /// <summary>Whether a parsed line's hash is the hash of its content.</summary>
    public static bool HashMatches(long seq, string prev, string hash, string json) =>
        string.Equals(Hash(seq.ToString(CultureInfo.InvariantCulture) + " " + prev + " ", Encoding.UTF8.GetBytes(json)), hash, StringComparison.Ordinal);

    private static void Write(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        var written = Encoding.ASCII.GetBytes(ascii, span);
        buffer.Advance(written);
    }
}
