using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ComplianceService.Audit;

/// <summary>
/// Reading an audit directory: every writer's chain (<c>{directory}/{writer}/{first seq}.log</c>), its records, and the
/// verification of each chain.
/// </summary>
public static class AuditTrail
{
    private const string Extension = ".log";

    /// <summary>The file name of a segment whose first record is <paramref name="firstSeq"/>.</summary>
    public static string SegmentName(long firstSeq) => firstSeq.ToString("D12", CultureInfo.InvariantCulture) + Extension;

    /// <summary>A writer's segment files, in chain order.</summary>
    public static IEnumerable<string> Segments(string writerDirectory) =>
        Directory.Exists(writerDirectory)
            ? Directory.GetFiles(writerDirectory, "*" + Extension).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The writers (chains) of an audit directory.</summary>
    public static IEnumerable<string> Writers(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];

    /// <summary>Every line of every chain, in chain order.</summary>
    public static IEnumerable<AuditEntry> Read(string directory)
    {
        foreach (var writer in Writers(directory))
        {
            foreach (var segment in Segments(Path.Combine(directory, writer)))
            {
                var number = 0;
                foreach (var line in Lines(segment))
                {
                    number++;
                    yield return new AuditEntry(writer, segment, number, line);
                }
            }
        }
    }

    /// <summary>
    /// Checks every chain: each line has the shape of a record, hashes to its hash, names the previous line's hash, and
    /// comes next in sequence. Returns the problems found, each naming the file, line, sequence number and decision id.
    /// </summary>
    public static IReadOnlyList<AuditProblem> Verify(string directory) => Verify(Read(directory));

    /// <summary>Checks the chains of <paramref name="entries"/> (each writer's lines in the order given; writers may be
    /// interleaved, as in the Redis stream).</summary>
    public static IReadOnlyList<AuditProblem> Verify(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = new List<AuditProblem>();
        string? writer = null;
        long expectedSeq = 0;
        var expectedPrev = AuditChain.Origin;
        foreach (var entry in entries.GroupBy(e => e.Writer, StringComparer.Ordinal).SelectMany(g => g))
        {
            if (entry.Writer != writer)
            {
                writer = entry.Writer;
                expectedSeq = 1;
                expectedPrev = AuditChain.Origin;
            }

            if (!AuditChain.TryParse(entry.Line, out var seq, out var prev, out var hash, out var json))
            {
                problems.Add(new AuditProblem(entry, null, null, "the line is not a record"));
                continue;
            }

            var id = DecisionIdOf(json);
            if (!AuditChain.HashMatches(seq, prev, hash, json))
            {
                problems.Add(new AuditProblem(entry, seq, id, "the record was changed (its hash does not match its content)"));
            }
            else if (seq != expectedSeq)
            {
                problems.Add(new AuditProblem(entry, seq, id, seq > expectedSeq
                    ? $"records {expectedSeq} to {seq - 1} are missing"
                    : $"out of order (expected record {expectedSeq})"));
            }
            else if (prev != expectedPrev)
            {
                problems.Add(new AuditProblem(entry, seq, id, "the record before it was changed, removed or moved (the chain is broken)"));
            }

            expectedSeq = seq + 1;
            expectedPrev = hash;
        }

        return problems;
    }

    /// <summary>Every record of the directory, parsed (lines that are not records are skipped; <see cref="Verify(string)"/> names them).</summary>
    public static IEnumerable<AuditRecord> Records(string directory) => Records(Read(directory));

    /// <summary>The records of <paramref name="entries"/>, parsed (lines that are not records are skipped).</summary>
    public static IEnumerable<AuditRecord> Records(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (AuditChain.TryParse(entry.Line, out _, out _, out _, out var json) && Parse(json) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>The record of a line's JSON, or null when it is not one.</summary>
    public static AuditRecord? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AuditJson.Default.AuditRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A record as one line of JSON, the form the segments keep and <c>export --format jsonl</c> prints.</summary>
    public static string ToJson(AuditRecord record) => JsonSerializer.Serialize(record, AuditJson.Default.AuditRecord);

    /// <summary>Where a writer's chain ends: its last record's sequence number and hash. A line torn by a crash at the end
    /// of the last segment (no newline) is cut off; it was never acknowledged.</summary>
    internal static (long Seq, string Hash) Resume(string writerDirectory, ILogger logger)
    {
        foreach (var segment in Segments(writerDirectory).Reverse())
        {
            if (LastLine(segment, CutTornTail(segment, logger)) is { } last && AuditChain.TryParse(last, out var seq, out _, out var hash, out _))
            {
                return (seq, hash);
            }
        }

        return (0, AuditChain.Origin);
    }

    // The last line of a segment of `length` bytes that ends with a newline (as CutTornTail leaves it), read from its
    // end (a segment holds up to 64 MiB; only its last record is needed); null when it is empty.
    private static string? LastLine(string segment, long length)
    {
        if (length == 0)
        {
            return null;
        }

        using var file = File.OpenHandle(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        for (var window = (int)Math.Min(length, 4096); ; window = (int)Math.Min(length, 2L * window))
        {
            var tail = new byte[window];
            for (var read = 0; read < window;)
            {
                var count = RandomAccess.Read(file, tail.AsSpan(read), length - window + read);
                read += count > 0 ? count : throw new IOException($"{segment} ended before its {length} bytes were read.");
            }

            var body = tail.AsSpan(0, window - 1);
            var newline = body.LastIndexOf((byte)'\n');
            if (newline >= 0 || window == length)
            {
                return Encoding.UTF8.GetString(body[(newline + 1)..]);
            }
        }
    }

    /// <summary>
    /// The lines of a segment, read while it may be being written: each line ends with a newline; zero bytes after the
    /// last line end it (<see cref="AuditChain.DataLength"/>), and a line that runs into them is not whole (torn by a
    /// crash). A closed segment's last line without a newline
    /// is read as it is (verification names it if it is not a record).
    /// </summary>
    public static IEnumerable<string> Lines(string segment)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var buffer = new byte[64 * 1024];
        using var partial = new MemoryStream();
        while (true)
        {
            var read = file.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                break;
            }

            var end = AuditChain.DataLength(buffer.AsSpan(0, read));
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
            {
                yield return Text(partial, buffer, start, newline - start);
                start = newline + 1;
            }

            if (end < read)
            {
                // Zero bytes after the last line: nothing more is written.
                yield break;
            }

            partial.Write(buffer, start, end - start);
        }

        if (partial.Length > 0)
        {
            yield return Text(partial, buffer, 0, 0);
        }
    }

    // The line made of what was carried over from the previous read and buffer[start..start+count].
    private static string Text(MemoryStream partial, byte[] buffer, int start, int count)
    {
        if (partial.Length == 0)
        {
            return Encoding.UTF8.GetString(buffer, start, count);
        }

        partial.Write(buffer, start, count);
        var text = Encoding.UTF8.GetString(partial.GetBuffer(), 0, (int)partial.Length);
        partial.SetLength(0);
        return text;
    }

    // Cuts a segment to its last whole line: zero bytes after it (left by earlier writers, which mapped the segment), and a line torn by a
    // crash (which never got its newline: it was never acknowledged).
    // Returns the segment's length after the cut.
    private static long CutTornTail(string segment, ILogger logger)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1);
        var buffer = new byte[64 * 1024];
        long position = 0;
        long whole = 0;
        long data = file.Length;
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            var end = AuditChain.DataLength(buffer.AsSpan(0, read));
            var newline = buffer.AsSpan(0, end).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                whole = position + newline + 1;
            }

            if (end < read)
            {
                data = position + end;
                break;
            }

            position += read;
        }

        if (whole != file.Length)
        {
            file.SetLength(whole);
            file.Flush(flushToDisk: true);
        }

        if (data > whole)
        {
            logger.LogWarning("Cut {Bytes} bytes of a record torn by a crash from the end of {Segment}; it was never acknowledged", data - whole, segment);
        }

        return whole;
    }

    private static string? DecisionIdOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("decision_id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One line of a segment file.</summary>
/// <param name="Writer">The chain it belongs to.</param>
/// <param name="Segment">The segment file's path.</param>
/// <param name="LineNumber">Its line number in the file, from 1.</param>
/// <param name="Line">The line, without its newline.</param>
public sealed record AuditEntry(string Writer, string Segment, int LineNumber, string Line);

/// <summary>What <see cref="AuditTrail.Verify(IEnumerable{AuditEntry})"/> found wrong with one line.</summary>
/// <param name="Entry">The line.</param>
/// <param name="Seq">Its sequence number, when it could be read.</param>
/// <param name="DecisionId">Its decision id, when it could be read.</param>
/// <param name="Problem">What is wrong.</param>
public sealed record AuditProblem(AuditEntry Entry, long? Seq, string? DecisionId, string Problem)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Entry.Writer}/{Path.GetFileName(Entry.Segment)} line {Entry.LineNumber}" +
        (Seq is { } seq ? $", record {seq}" : "") +
        (DecisionId is { } id ? $", decision {id}" : "") +
        ": " + Problem;
}
