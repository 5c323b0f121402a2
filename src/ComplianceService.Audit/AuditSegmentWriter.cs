using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace ComplianceService.Audit;

/// <summary>
/// One writer's append-only, hash-chained segment files (<see cref="AuditChain"/>) in <c>{directory}/{writer}/</c>.
/// <see cref="Append"/> returns once the record is in the writer's journal (<see cref="AuditJournal"/>: a
/// ring in a shared-memory file, <c>/dev/shm</c> by default), which outlives a crash of the process: the writer that
/// opens the chain next moves what it holds into the segment files. A second thread, the copier, chains the journal's
/// records (sequence number, previous hash, hash) into lines, writes them to the segment file and fsyncs it, every
/// <c>syncInterval</c> (<see cref="DefaultSyncInterval"/>); so a power loss can take at most that window. Segments rotate
/// at <c>segmentBytes</c>. Written pages leave the page cache once fsynced and 16 MiB behind (<see cref="WrittenPages"/>).
/// </summary>
/// <remarks>
/// <para>An append makes the record's JSON on the calling thread, then holds a lock only to number it and copy it into
/// the journal (no system call, nothing handed to another thread, nothing allocated beyond the record). Hashing and
/// writing the lines happen on the copier, in order, one batch at a time.</para>
/// <para>A writer resumes its chain from its last segment (a line torn by a crash is cut off) and then from its journal.
/// A lock file keeps a second process from writing the same chain.</para>
/// <para>When the segment files cannot be written (the folder cannot be written, the disk is full), appends fail with
/// <see cref="AuditUnavailableException"/> from the moment the copier finds it until it can write again; the records
/// accepted before stay in the journal and are written then. A full journal fails appends the same way.</para>
/// </remarks>
public sealed class AuditSegmentWriter : IAsyncDisposable
{
    private const string LockFileName = ".lock";
    private const int SharingViolation = unchecked((int)0x80070020);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);
    private const int MaxBatchBytes = 1024 * 1024;
    private readonly string _directory;
    private readonly string _journalDirectory;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly TimeSpan _syncInterval;
    private readonly Thread _copier;
    private readonly AutoResetEvent _copySignal = new(false);

    // The copier's own state: the chain's end as written to the segments, and the lines of the batch being written.
    private readonly byte[] _prev = new byte[AuditChain.HashLength];
    private readonly ArrayBufferWriter<byte> _staged = new(256 * 1024);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly WrittenPages _written = new();
    private long _chained;
    private SafeFileHandle? _segment;
    private long _segmentLength;
    private string? _segmentPath;

    private volatile string? _failure;
    private int _dirty;
    private bool _stopping;
    private FileStream? _lock;
    private AuditJournal? _journal;
    private long _seq;
    private long _durable;

    private AuditSegmentWriter(string directory, string writer, long segmentBytes, string? journalDirectory, TimeSpan syncInterval, ILogger logger)
    {
        _syncInterval = syncInterval;
        _directory = Path.Combine(directory, writer);
        _journalDirectory = journalDirectory ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : _directory);
        _segmentBytes = segmentBytes;
        _logger = logger;
        Writer = writer;
        Encoding.ASCII.GetBytes(AuditChain.Origin, _prev);
        _copier = new Thread(Copy) { IsBackground = true, Name = "audit copier " + writer };
    }

    /// <summary>
    /// How often the copier writes and fsyncs at most, by default: 20 ms. Each fsync costs the machine the same whatever
    /// it carries (ext4's journal commit, the disk's flush), so the interval sets how much of the server's CPU the trail
    /// takes under load: with h2load on this machine, 5 ms cost about 2 µs more per decision than 20 ms (side by side;
    /// README, "The audit trail on and off"). It is also what a power loss can take; a crash of the process takes
    /// nothing (the journal).
    /// </summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>This writer's id (its chain's name and folder).</summary>
    public string Writer { get; }

    /// <summary>The records this writer has accepted (its chain's length once they are written).</summary>
    public long Count => Interlocked.Read(ref _seq);

    /// <summary>The records accepted and not yet fsynced in a segment file (what a power loss could take now).</summary>
    public long Unsynced => Math.Max(0, Count - Interlocked.Read(ref _durable));

    /// <summary>
    /// Opens <c>{directory}/{writer}</c>, resumes its chain and writes what its journal still holds. A directory that
    /// cannot be written is not an error here: every append then fails with <see cref="AuditUnavailableException"/>
    /// until it can. The journal goes in <paramref name="journalDirectory"/> (default <c>/dev/shm</c>, else the chain's
    /// own folder); the copier writes and fsyncs every <paramref name="syncInterval"/> at most (default
    /// <see cref="DefaultSyncInterval"/>).
    /// </summary>
    /// <exception cref="IOException">Another process holds this writer's lock.</exception>
    public static AuditSegmentWriter Open(
        string directory, string writer, long segmentBytes = 64 * 1024 * 1024, ILogger? logger = null, string? journalDirectory = null, TimeSpan? syncInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(writer);
        if (writer.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || writer.StartsWith('.'))
        {
            throw new ArgumentException("The writer id must be a plain file name.", nameof(writer));
        }

        var interval = syncInterval ?? DefaultSyncInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(syncInterval));
        var instance = new AuditSegmentWriter(Path.GetFullPath(directory), writer, segmentBytes, journalDirectory, interval, logger ?? NullLogger.Instance);
        if (!instance.TryOpen())
        {
            instance._logger.LogWarning("The audit trail cannot be written yet ({Reason}); appends are refused until it can", instance._failure);
        }

        instance._copier.Start();
        return instance;
    }

    /// <summary>Appends records together (one call's decision, or each decision of an AdviseEncounter); returns when all
    /// are in the journal (they outlive the process from then on). <typeparamref name="TRecord"/> is an
    /// <see cref="AuditRecord"/>, or a struct that writes a record's JSON without making one.</summary>
    /// <exception cref="AuditUnavailableException">They cannot be kept; none of them was written.</exception>
    public void Append<TRecord>(params ReadOnlySpan<TRecord> records)
        where TRecord : IAuditRecordJson
    {
        var lines = SerializedLines.ForThisThread();
        try
        {
            foreach (var record in records)
            {
                // Not ThrowIfNull(object): a struct record would be boxed; "is null" is false for one at no cost.
                if (record is null)
                {
                    throw new ArgumentNullException(nameof(records));
                }

                lines.Add(record);
            }

            Accept(lines);
        }
        finally
        {
            lines.Clear();
        }
    }

    /// <summary>Waits until every record accepted so far is in a segment file and fsynced; false if that did not happen
    /// within <paramref name="timeout"/> (the segments cannot be written).</summary>
    public bool Flush(TimeSpan timeout)
    {
        var target = Count;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Interlocked.Read(ref _durable) < target)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            Volatile.Write(ref _dirty, 1);
            _copySignal.Set();
            Thread.Sleep(1);
        }

        return true;
    }

    /// <summary>Writes what the journal holds to the segments, fsyncs and closes the files.</summary>
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

        _copySignal.Set();
        await Task.Run(_copier.Join).ConfigureAwait(false);

        // The journal and the lock are released even when the last fsync fails: every batch was fsynced when it was
        // written, and records not yet written stay in the journal, which is kept (not deleted) unless it is empty.
        try
        {
            CloseSegment();
        }
        finally
        {
            CloseJournal();
            _copySignal.Dispose();
            _sha.Dispose();
            _lock?.Dispose();
        }
    }

    // Unmaps the journal; removes its file only when every record it held is in a segment file.
    private void CloseJournal()
    {
        if (_journal is { } journal)
        {
            var empty = journal.Tail == journal.Head;
            if (!empty)
            {
                _logger.LogWarning("{Count} audit records stay in the journal {Journal}: the segment files could not be written; they are written when the chain is next opened", Count - Interlocked.Read(ref _durable), journal.Path);
            }

            journal.Close(delete: empty);
        }
    }

    // Numbers the records and copies them into the journal, all or none, under the lock.
    private void Accept(SerializedLines lines)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw new AuditUnavailableException("The audit writer is stopped.");
            }

            if (_failure is not null || _journal is null)
            {
                throw new AuditUnavailableException("The audit trail cannot be written: " + (_failure ?? "it is not open"));
            }

            var seq = _seq;
            for (var i = 0; i < lines.Count; i++)
            {
                if (!_journal.TryAppend(++seq, lines.Json(i)))
                {
                    _journal.Discard();
                    throw new AuditUnavailableException("The audit trail cannot keep up: its journal is full (the segment files are not being written fast enough)");
                }
            }

            _journal.Publish();
            Interlocked.Exchange(ref _seq, seq);
            if (_dirty == 0)
            {
                // Once per interval at most: the copier is woken by the first record after its last copy.
                Volatile.Write(ref _dirty, 1);
                _copySignal.Set();
            }
        }
    }

    // The copier thread: every interval at most, writes the journal's records to the segments (off the callers'
    // threads; under load one copy and one fsync cover many records). While the segments cannot be written, it tries
    // again every RetryInterval.
    private void Copy()
    {
        while (true)
        {
            _copySignal.WaitOne(_failure is null ? Timeout.InfiniteTimeSpan : RetryInterval);
            var stopping = Volatile.Read(ref _stopping);
            Interlocked.Exchange(ref _dirty, 0);
            if (_journal is not null || TryOpen())
            {
                TryCopyPending();
            }

            if (stopping)
            {
                return;
            }

            Thread.Sleep(_syncInterval);
        }
    }

    // Copies the journal's records to the segments; on failure, notes why (appends refuse) and leaves them for the next try.
    private void TryCopyPending()
    {
        try
        {
            CopyPending();
            if (_failure is not null)
            {
                _failure = null;
                _logger.LogInformation("The audit trail can be written again in {Directory}", _directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_failure is null)
            {
                _logger.LogWarning("The audit segments in {Directory} cannot be written: {Reason}", _directory, e.Message);
            }

            _failure = e.Message;
        }
    }

    // On the copier (or in Open, before it starts): the journal's records, chained into lines, written to the segments in
    // batches that fit the current segment, each fsynced before its records leave the journal.
    private void CopyPending()
    {
        var journal = _journal!;
        var head = journal.Head;
        var position = journal.Tail;
        Span<byte> prevAtStart = stackalloc byte[AuditChain.HashLength];
        while (position < head)
        {
            var chainedAtStart = _chained;
            _prev.CopyTo(prevAtStart);
            _staged.ResetWrittenCount();
            var next = position;
            try
            {
                while (journal.TryRead(next, head, out var after, out var seq, out var json))
                {
                    if (seq <= _chained)
                    {
                        // Written to a segment before a crash, and not yet released from the journal.
                        next = after;
                        continue;
                    }

                    var length = (int)AuditChain.LineLength(seq, json.Length);
                    if (_staged.WrittenCount == 0)
                    {
                        _segment ??= OpenSegment(seq, resume: true);
                        if (_segmentLength > 0 && _segmentLength + length > _segmentBytes)
                        {
                            CloseSegment();
                            _segment = OpenSegment(seq, resume: false);
                        }
                    }
                    else if (_segmentLength + _staged.WrittenCount + length > _segmentBytes || _staged.WrittenCount + length > MaxBatchBytes)
                    {
                        break;
                    }

                    AuditChain.WriteLine(_staged.GetSpan(length)[..length], seq, _prev, json, _prev, _sha);
                    _staged.Advance(length);
                    _chained = seq;
                    next = after;
                }

                if (_staged.WrittenCount > 0)
                {
                    RandomAccess.Write(_segment!, _staged.WrittenSpan, _segmentLength);
                    RandomAccess.FlushToDisk(_segment!);
                    _segmentLength += _staged.WrittenCount;
                    _written.Written(_segment!, _segmentLength);
                }
            }
            catch
            {
                // The batch is written again, whole, at the same place on the next try.
                _chained = chainedAtStart;
                prevAtStart.CopyTo(_prev);
                throw;
            }

            journal.Consumed(next);
            position = next;
            Interlocked.Exchange(ref _durable, _chained);
        }
    }

    // The segment to append to: when resuming, the chain's last one while it has room; else a new one named by its first
    // record.
    private SafeFileHandle OpenSegment(long firstSeq, bool resume)
    {
        var last = resume ? AuditTrail.Segments(_directory).LastOrDefault() : null;
        var path = last is not null && new FileInfo(last).Length < _segmentBytes ? last : Path.Combine(_directory, AuditTrail.SegmentName(firstSeq));
        var segment = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _segmentLength = RandomAccess.GetLength(segment);
        _segmentPath = path;
        _written.Started();
        return segment;
    }

    // The current segment, fsynced and closed (the next batch starts a new one).
    private void CloseSegment()
    {
        if (_segment is { } segment)
        {
            _segment = null;
            _segmentLength = 0;
            try
            {
                RandomAccess.FlushToDisk(segment);
            }
            finally
            {
                segment.Dispose();
            }

            _written.Finished(_segmentPath!);
        }
    }

    // Opens the lock, resumes the chain from the segments, opens the journal and writes what it still holds; false (the
    // failure noted) when the folder cannot be written. In Open, or on the copier while the trail is failing.
    private bool TryOpen()
    {
        try
        {
            Directory.CreateDirectory(_directory);
            _lock ??= new FileStream(Path.Combine(_directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var (seq, prev) = AuditTrail.Resume(_directory, _logger);
            _chained = seq;
            Encoding.ASCII.GetBytes(prev, _prev);
            var journal = OpenJournal();

            // Records the journal kept from before a crash continue the numbering; they are written to the segments now.
            var last = seq;
            for (var position = journal.Tail; journal.TryRead(position, journal.Head, out var after, out var kept, out _); position = after)
            {
                last = Math.Max(last, kept);
            }

            lock (_gate)
            {
                Interlocked.Exchange(ref _seq, last);
                Interlocked.Exchange(ref _durable, seq);
                _journal = journal;
            }

            CopyPending();
            _failure = null;
            return true;
        }
        catch (IOException e) when (e.HResult == SharingViolation && _lock is null)
        {
            throw new IOException($"Another process writes the audit chain in {_directory}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e.Message;
            return false;
        }
    }

    // The chain's journal in the journal folder; in the chain's own folder when that one has no room for it, or when a
    // journal was left there (by a run that found no room in the journal folder) and may still hold records.
    private AuditJournal OpenJournal()
    {
        var path = AuditJournal.FileFor(_journalDirectory, _directory);
        var beside = AuditJournal.FileFor(_directory, _directory);
        if (path != beside && File.Exists(beside))
        {
            return AuditJournal.Open(beside);
        }

        try
        {
            return AuditJournal.Open(path);
        }
        catch (IOException e) when (_journalDirectory != _directory)
        {
            _logger.LogWarning("The audit journal cannot be kept in {JournalDirectory} ({Reason}); it is kept beside the segments instead", _journalDirectory, e.Message);
            return AuditJournal.Open(beside);
        }
    }

    // One call's records as JSON, made on the calling thread before the lock is taken; one per thread, reused.
    private sealed class SerializedLines
    {
        [ThreadStatic]
        private static SerializedLines? _forThread;
        private readonly ArrayBufferWriter<byte> _json = new(4096);
        private readonly List<int> _ends = [];

        public int Count => _ends.Count;

        public static SerializedLines ForThisThread() => _forThread ??= new SerializedLines();

        public void Add<TRecord>(TRecord record)
            where TRecord : IAuditRecordJson
        {
            record.WriteTo(_json);
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
