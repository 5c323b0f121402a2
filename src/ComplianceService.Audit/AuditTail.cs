using System.Globalization;
using System.Text;

namespace ComplianceService.Audit;

/// <summary>
/// Follows one writer's chain on disk from a checkpoint: the whole lines written since, in order, for a copy elsewhere
/// (Redis). The checkpoint (<c>.shipped</c>, the last sequence number copied) is kept beside the segments, so a
/// restarted server resumes where its copy stopped.
/// </summary>
public sealed class AuditTail
{
    private const string CheckpointName = ".shipped";
    private readonly string _directory;

    // One read buffer for the tail's life (the shipper reads every 100 ms; a new 256 KiB array each time would be a
    // large-object allocation each time).
    private readonly byte[] _buffer = new byte[256 * 1024];
    private string? _segment;
    private long _offset;
    private long _shipped;

    /// <summary>Starts after the checkpoint of <c>{directory}/{writer}</c>.</summary>
    public AuditTail(string directory, string writer)
    {
        _directory = Path.Combine(directory, writer);
        var checkpoint = Path.Combine(_directory, CheckpointName);
        _shipped = File.Exists(checkpoint) && long.TryParse(File.ReadAllText(checkpoint).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0;
    }

    /// <summary>The last sequence number copied.</summary>
    public long Shipped => _shipped;

    /// <summary>Up to <paramref name="max"/> whole lines after the checkpoint (a line still being written is left for later).</summary>
    public IReadOnlyList<(long Seq, string Line, AuditRecord Record)> Read(int max)
    {
        var lines = new List<(long, string, AuditRecord)>();
        var segments = AuditTrail.Segments(_directory).ToList();
        if (segments.Count == 0)
        {
            return lines;
        }

        if (_segment is null)
        {
            // The segment holding the record after the checkpoint: the last whose first number is not past it.
            _segment = segments.LastOrDefault(s => FirstSeq(s) <= _shipped + 1) ?? segments[0];
            _offset = 0;
        }

        while (lines.Count < max)
        {
            ReadFrom(_segment, ref _offset, max - lines.Count, lines);
            if (lines.Count >= max)
            {
                break;
            }

            // A later segment exists only once the writer has finished this one, so this one is read to its end.
            var next = segments.FirstOrDefault(s => string.CompareOrdinal(s, _segment) > 0);
            if (next is null)
            {
                break;
            }

            _segment = next;
            _offset = 0;
        }

        return lines;
    }

    /// <summary>Records that everything up to <paramref name="seq"/> is copied.</summary>
    public void Commit(long seq)
    {
        _shipped = seq;
        var path = Path.Combine(_directory, CheckpointName);
        File.WriteAllText(path + ".tmp", seq.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static long FirstSeq(string segment) =>
        long.TryParse(Path.GetFileNameWithoutExtension(segment), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0;

    // Reads whole lines from the offset, up to any zero bytes after the last line (AuditChain.DataLength); lines at or
    // before the checkpoint are skipped.
    private void ReadFrom(string segment, ref long offset, int max, List<(long, string, AuditRecord)> lines)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var buffer = _buffer;
        var added = 0;
        while (added < max && offset < file.Length)
        {
            file.Position = offset;
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var end = AuditChain.DataLength(buffer.AsSpan(0, read));
            var start = 0;
            int newline;
            while (added < max && (newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
            {
                var line = Encoding.UTF8.GetString(buffer, start, newline - start);
                start = newline + 1;
                if (AuditChain.TryParse(line, out var seq, out _, out _, out var json) && seq > _shipped && AuditTrail.Parse(json) is { } record)
                {
                    lines.Add((seq, line, record));
                    added++;
                }
            }

            offset += start;
            if (start == 0 || end < read)
            {
                // No whole line in this read, or zero bytes after the last line: nothing more to read yet.
                return;
            }
        }
    }
}
