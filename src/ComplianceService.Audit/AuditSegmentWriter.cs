using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceService.Audit;

/// <summary>
/// One writer's append-only, hash-chained segment files (<see cref="AuditChain"/>) in <c>{directory}/{writer}/</c>.
/// <see cref="Append(AuditRecord)"/> returns once the record's line is in the segment file: written into the file's
/// pages through a shared memory mapping (<see cref="AuditSegment"/>), which belong to the operating system, so a crash
/// of the process loses nothing that was acknowledged, and no system call is made per record. A second thread fsyncs
/// what was written, at most every 5 ms, so a power loss can take at most that window. Segments rotate at
/// <c>segmentBytes</c>.
/// </summary>
/// <remarks>
/// <para>Appends are written on the calling thread, one at a time (a lock held for the few microseconds of
/// serializing, hashing and copying a line): no call is handed to another thread and back, and nothing is allocated
/// per record beyond the record itself.</para>
/// <para>A writer resumes its chain from its last segment (a line torn by a crash is cut off: it was never
/// acknowledged). A lock file keeps a second process from writing the same chain.</para>
/// <para>When a line cannot be kept (the folder cannot be written, the disk has no room for the next block), the
/// append fails with <see cref="AuditUnavailableException"/>, nothing of it is written, and the next append tries again.
/// The file's blocks are reserved (posix_fallocate) before they are written through the mapping, so a full disk is an
/// error here rather than a fault in the process.</para>
/// </remarks>
public sealed class AuditSegmentWriter : IAsyncDisposable
{
    private const string LockFileName = ".lock";
    private const int SharingViolation = unchecked((int)0x80070020);
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(5);
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Lock _fileGate = new();
    private readonly Thread _syncer;
    private readonly AutoResetEvent _syncSignal = new(false);
    private readonly byte[] _prev = new byte[AuditChain.HashLength];
    private int _dirty;
    private bool _stopping;
    private FileStream? _lock;
    private AuditSegment? _segment;
    private long _seq;
    private long _durable;

    private AuditSegmentWriter(string directory, string writer, long segmentBytes, ILogger logger)
    {
        _directory = Path.Combine(directory, writer);
        _segmentBytes = segmentBytes;
        _logger = logger;
        Writer = writer;
        Encoding.ASCII.GetBytes(AuditChain.Origin, _prev);
        _syncer = new Thread(Sync) { IsBackground = true, Name = "audit fsync " + writer };
    }

    /// <summary>This writer's id (its chain's name and folder).</summary>
    public string Writer { get; }

    /// <summary>The records this writer has written (its chain's length).</summary>
    public long Count => Interlocked.Read(ref _seq);

    /// <summary>The records written to the segment file and not yet fsynced (what a power loss could take now).</summary>
    public long Unsynced => Math.Max(0, Count - Interlocked.Read(ref _durable));

    /// <summary>
    /// Opens <c>{directory}/{writer}</c> and resumes its chain. A directory that cannot be written is not an error here:
    /// every append then fails with <see cref="AuditUnavailableException"/> until it can.
    /// </summary>
    /// <exception cref="IOException">Another process holds this writer's lock.</exception>
    public static AuditSegmentWriter Open(string directory, string writer, long segmentBytes = 64 * 1024 * 1024, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(writer);
        if (writer.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || writer.StartsWith('.'))
        {
            throw new ArgumentException("The writer id must be a plain file name.", nameof(writer));
        }

        var instance = new AuditSegmentWriter(Path.GetFullPath(directory), writer, segmentBytes, logger ?? NullLogger.Instance);
        lock (instance._gate)
        {
            if (!instance.TryOpen(0, out var why))
            {
                instance._logger.LogWarning("The audit trail cannot be written yet ({Reason}); each append tries again", why);
            }
        }

        instance._syncer.Start();
        return instance;
    }

    /// <summary>Appends a record; returns when its line is in the segment file.</summary>
    /// <exception cref="AuditUnavailableException">The record cannot be kept; nothing of it was written.</exception>
    public void Append(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var lines = SerializedLines.ForThisThread();
        try
        {
            lines.Add(record);
            Write(lines);
        }
        finally
        {
            lines.Clear();
        }
    }

    /// <summary>Appends records together (one call's decisions), all in the same segment; returns when all their lines
    /// are in the segment file.</summary>
    /// <exception cref="AuditUnavailableException">They cannot be kept; none of them was written.</exception>
    public void Append(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var lines = SerializedLines.ForThisThread();
        try
        {
            foreach (var record in records)
            {
                lines.Add(record);
            }

            Write(lines);
        }
        finally
        {
            lines.Clear();
        }
    }

    /// <summary>Fsyncs what was written and closes the files, the last segment cut to its last record.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        _syncSignal.Set();
        await Task.Run(_syncer.Join).ConfigureAwait(false);
        lock (_gate)
        {
            lock (_fileGate)
            {
                var last = _segment;
                _segment = null;
                last?.Dispose();
            }
        }

        _syncSignal.Dispose();
        _lock?.Dispose();
    }

    // The records' lines, all or none, into the segment's pages: under the lock only what must follow the chain's order
    // (the hash names the previous one) and the copy; the JSON was made before, on the calling thread.
    private void Write(SerializedLines lines)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw new AuditUnavailableException("The audit writer is stopped.");
            }

            var seq = _seq;
            long bytes = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                bytes += AuditChain.LineLength(++seq, lines.Json(i).Length);
            }

            var segment = Room(bytes);
            seq = _seq;
            for (var i = 0; i < lines.Count; i++)
            {
                var json = lines.Json(i);
                var line = segment.Next((int)AuditChain.LineLength(++seq, json.Length));
                AuditChain.WriteLine(line, seq, _prev, json, _prev);
            }

            Interlocked.Exchange(ref _seq, seq);
            if (_dirty == 0)
            {
                // Once per interval at most: the fsync thread is woken by the first line written after its last fsync.
                Volatile.Write(ref _dirty, 1);
                _syncSignal.Set();
            }
        }
    }

    // Under _gate: the segment with room for `bytes` more, its blocks reserved; rotates or opens one as needed.
    private AuditSegment Room(long bytes)
    {
        try
        {
            if (_segment is { } current && !current.HasRoom(bytes))
            {
                // Rotation: the full segment is fsynced, cut to its last record and closed here, under the file gate
                // so the fsync thread never syncs a closed file.
                lock (_fileGate)
                {
                    // Forgotten first: if closing fails, no later append writes through a mapping already unmapped.
                    _segment = null;
                    current.Dispose();
                }
            }

            if (_segment is null && !TryOpen(bytes, out var why))
            {
                throw new AuditUnavailableException("The audit trail cannot be written: " + why);
            }

            _segment!.Reserve(bytes);
            return _segment;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditUnavailableException("The audit trail cannot be written: " + e.Message, e);
        }
    }

    // The fsync thread: makes what was written durable against power loss, off the callers' threads, at most once per
    // interval (under load one fsync covers many records, and its cost is paid per interval, not per call).
    private void Sync()
    {
        while (true)
        {
            _syncSignal.WaitOne();
            var stopping = Volatile.Read(ref _stopping);
            if (Interlocked.Exchange(ref _dirty, 0) != 0)
            {
                var written = Count;
                try
                {
                    lock (_fileGate)
                    {
                        _segment?.Flush();
                    }

                    Interlocked.Exchange(ref _durable, written);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    _logger.LogWarning("Audit segment fsync failed in {Directory}: {Reason}", _directory, e.Message);
                }
            }

            if (stopping)
            {
                return;
            }

            Thread.Sleep(SyncInterval);
        }
    }

    // Under _gate: opens the lock and the segment to append to (with room for `bytes`), resuming the chain; false (with
    // why) when the folder cannot be written.
    private bool TryOpen(long bytes, out string why)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            _lock ??= new FileStream(Path.Combine(_directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (_seq == 0)
            {
                var (seq, prev) = AuditTrail.Resume(_directory, _logger);
                Interlocked.Exchange(ref _seq, seq);
                Interlocked.Exchange(ref _durable, seq);
                Encoding.ASCII.GetBytes(prev, _prev);
            }

            var last = AuditTrail.Segments(_directory).LastOrDefault();
            var path = last is not null && new FileInfo(last).Length + bytes <= _segmentBytes
                ? last
                : Path.Combine(_directory, AuditTrail.SegmentName(_seq + 1));
            _segment = AuditSegment.Open(path, Math.Max(_segmentBytes, bytes));
            why = "";
            return true;
        }
        catch (IOException e) when (e.HResult == SharingViolation && _lock is null)
        {
            throw new IOException($"Another process writes the audit chain in {_directory}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message;
            return false;
        }
    }

    // One call's records as JSON, made on the calling thread before the lock is taken; one per thread, reused.
    private sealed class SerializedLines
    {
        [ThreadStatic]
        private static SerializedLines? _forThread;
        private readonly ArrayBufferWriter<byte> _json = new(4096);
        private readonly List<int> _ends = [];
        private readonly Utf8JsonWriter _writer;

        private SerializedLines() => _writer = new Utf8JsonWriter(_json);

        public int Count => _ends.Count;

        public static SerializedLines ForThisThread() => _forThread ??= new SerializedLines();

        public void Add(AuditRecord record)
        {
            _writer.Reset(_json);
            JsonSerializer.Serialize(_writer, record, AuditJson.Default.AuditRecord);
            _writer.Flush();
            _ends.Add(_json.WrittenCount);
        }

        public ReadOnlySpan<byte> Json(int i) => _json.WrittenSpan[(i == 0 ? 0 : _ends[i - 1]).._ends[i]];

        public void Clear()
        {
            _json.ResetWrittenCount();
            _ends.Clear();
        }
    }
}
