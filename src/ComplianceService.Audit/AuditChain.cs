using System.Buffers;
using System.Buffers.Text;
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

    /// <summary>The length of a hash (and of <c>prev</c>) in a line: 64 lowercase hex digits.</summary>
    public const int HashLength = 64;

    /// <summary>Appends one record's line to <paramref name="buffer"/>; returns its hash.</summary>
    public static string Append(ArrayBufferWriter<byte> buffer, long seq, string prev, ReadOnlySpan<byte> json)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(prev);
        var length = (int)LineLength(seq, json.Length);
        Span<byte> hash = stackalloc byte[HashLength];
        WriteLine(buffer.GetSpan(length)[..length], seq, Encoding.ASCII.GetBytes(prev), json, hash);
        buffer.Advance(length);
        return Encoding.ASCII.GetString(hash);
    }

    /// <summary>The length in bytes of a record's line, newline included.</summary>
    public static long LineLength(long seq, int jsonLength) =>
        CountDigits(seq) + 1 + HashLength + 1 + HashLength + 1 + jsonLength + 1;

    /// <summary>
    /// Writes one record's line into <paramref name="line"/> (exactly <see cref="LineLength"/> bytes), and its hash into
    /// <paramref name="hash"/> (which may be <paramref name="prev"/>'s own storage). The newline is written last, with
    /// release semantics, so that a reader that sees it sees the whole line.
    /// </summary>
    /// <param name="line">Where the line goes.</param>
    /// <param name="seq">The record's sequence number.</param>
    /// <param name="prev">The previous record's hash, as 64 ASCII hex digits.</param>
    /// <param name="json">The record's JSON (ASCII: the writer escapes every other character).</param>
    /// <param name="hash">Receives this record's hash as 64 ASCII hex digits.</param>
    /// <param name="sha">A SHA-256 to reuse (left reset), or null for a one-shot hash. A writer hashing one record after
    /// another keeps one: OpenSSL's one-shot digest costs about 0.3 µs more per record (its context made and freed).</param>
    public static void WriteLine(Span<byte> line, long seq, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> json, Span<byte> hash, IncrementalHash? sha = null)
    {
        if (!Utf8Formatter.TryFormat(seq, line, out var head))
        {
            throw new ArgumentException("The line is too short for its record.", nameof(line));
        }

        line[head++] = (byte)' ';
        prev[..HashLength].CopyTo(line[head..]);
        head += HashLength;
        line[head++] = (byte)' ';

        // The hashed bytes, "{seq} {prev} " and the JSON, made contiguous for one SHA-256 call: the JSON goes right after
        // the head first, then moves to its place after the hash.
        json.CopyTo(line[head..]);
        Span<byte> digest = stackalloc byte[32];
        if (sha is null)
        {
            SHA256.HashData(line[..(head + json.Length)], digest);
        }
        else
        {
            sha.AppendData(line[..(head + json.Length)]);
            sha.GetHashAndReset(digest);
        }

        var end = head + HashLength + 1 + json.Length;
        line.Slice(head, json.Length).CopyTo(line[(head + HashLength + 1)..]);
        var hex = line.Slice(head, HashLength);
        Convert.TryToHexStringLower(digest, hex, out _);
        line[head + HashLength] = (byte)' ';
        hex.CopyTo(hash);
        Volatile.Write(ref line[end], (byte)'\n');
    }

    /// <summary>How many bytes of <paramref name="data"/> a segment holds before zero bytes after its last line (a
    /// record's line never contains a zero byte). Segments written by the earlier mapped writer end in zeros while open
    /// or left open by a crash; a power loss can leave zeros where data had not reached the disk.</summary>
    public static int DataLength(ReadOnlySpan<byte> data)
    {
        var zero = data.IndexOf((byte)0);
        return zero < 0 ? data.Length : zero;
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

    private static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
