using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceService.Audit;

/// <summary>
/// One writer's append-only, hash-chained segment files (<see cref="AuditChain"/>) in <c>{directory}/{writer}/</c>,
/// written by group commit: <see cref="AppendAsync(AuditRecord)"/> completes once the record's line has been written to
/// the segment file (handed to the operating system, so a crash of the process loses nothing that was acknowledged); a
/// second thread fsyncs what was written, at most every 5 ms, while later batches are written. Segments rotate at
/// <c>segmentBytes</c>.
/// </summary>
/// <remarks>
/// <para>Leader and followers: an append that finds no write under way writes its own records at once, on the calling
/// thread, so a call alone is never handed to another thread and back. Records that arrive while a write is under way
/// wait as the next batch, written by a thread-pool work item as soon as that write ends; the cost of a write is shared
/// by every record waiting, and one fsync covers every batch written before it. The buffer is bounded: when it holds
/// <c>capacity</c> records, appends wait for the batch being written.</para>
/// <para>A writer resumes its chain from its last segment (a line torn by a crash is cut off: it was never
/// acknowledged). A lock file keeps a second process from writing the same chain.</para>
/// <para>When a batch cannot be written (disk full, directory read-only), its appends fail with
/// <see cref="AuditUnavailableException"/>, the file is cut back to its last whole record, and the next batch tries again.</para>
/// </remarks>
public sealed class AuditSegmentWriter : IAsyncDisposable
{
    private const string LockFileName = ".lock";
    private const int SharingViolation = unchecked((int)0x80070020);
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(5);
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Thread _syncer;
    private readonly object _fileGate = new();
    private readonly AutoResetEvent _syncSignal = new(false);
    private int _dirty;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private Utf8JsonWriter? _jsonWriter;
    private List<AuditRecord> _pending = [];
    private List<AuditRecord> _spare = [];
    private TaskCompletionSource _pendingWritten = NewBatch();
    private bool _stopping;

    // True while a batch is being written (by a leader or the drain work item); pending records are then written by it.
    private bool _writing;
    private FileStream? _lock;
    private FileStream? _segment;
    private long _seq;
    private string _prev = AuditChain.Origin;

    private AuditSegmentWriter(string directory, string writer, long segmentBytes, int capacity, ILogger logger)
    {
        _directory = Path.Combine(directory, writer);
        _segmentBytes = segmentBytes;
        _capacity = capacity;
        _logger = logger;
        Writer = writer;
        _syncer = new Thread(Sync) { IsBackground = true, Name = "audit fsync " + writer };
    }

    /// <summary>This writer's id (its chain's name and folder).</summary>
    public string Writer { get; }

    /// <summary>The records this writer has written (its chain's length).</summary>
    public long Count => Interlocked.Read(ref _seq);

    /// <summary>The records waiting for the writer thread: appended, not yet written (the batch being written is not
    /// counted).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Opens <c>{directory}/{writer}</c> and resumes its chain. A directory that cannot be written is not an error here:
    /// every append then fails with <see cref="AuditUnavailableException"/> until it can.
    /// </summary>
    /// <exception cref="IOException">Another process holds this writer's lock.</exception>
    public static AuditSegmentWriter Open(string directory, string writer, long segmentBytes = 64 * 1024 * 1024, int capacity = 16_384, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(writer);
        if (writer.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || writer.StartsWith('.'))
        {
            throw new ArgumentException("The writer id must be a plain file name.", nameof(writer));
        }

        var instance = new AuditSegmentWriter(Path.GetFullPath(directory), writer, segmentBytes, capacity, logger ?? NullLogger.Instance);
        if (!instance.TryOpen(out var why))
        {
            instance._logger.LogWarning("The audit trail cannot be written yet ({Reason}); each batch tries again", why);
        }

        instance._syncer.Start();
        return instance;
    }

    /// <summary>Appends a record; completes when its line is in the segment file, or fails with
    /// <see cref="AuditUnavailableException"/> when it cannot be kept.</summary>
    public Task AppendAsync(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AppendAsync([record]);
    }

    /// <summary>Appends records together (one call's decisions); completes when all their lines are in the segment
    /// file, or fails with <see cref="AuditUnavailableException"/> when they cannot be kept.</summary>
    public Task AppendAsync(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        List<AuditRecord> batch;
        TaskCompletionSource written;
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.FromException(new AuditUnavailableException("The audit writer is stopped."));
            }

            if (_pending.Count > 0 && _pending.Count + records.Count > _capacity)
            {
                // Full: wait for the batch being written, then try again.
                return AppendWhenRoomAsync(_pendingWritten.Task, records);
            }

            _pending.AddRange(records);
            if (_writing)
            {
                // A write is under way: these records go with the next batch.
                return _pendingWritten.Task;
            }

            // No write under way (so nothing else is pending): this call leads and writes its own records now.
            _writing = true;
            (batch, written) = TakePending();
        }

        WriteBatch(batch, written);
        return written.Task;
    }

    /// <summary>Writes what is buffered, fsyncs, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        // Records accepted before the stop are written by the write under way (or the drain it started).
        await Task.Run(() =>
        {
            lock (_gate)
            {
                while (_writing)
                {
                    Monitor.Wait(_gate);
                }
            }
        }).ConfigureAwait(false);
        _syncSignal.Set();
        await Task.Run(_syncer.Join).ConfigureAwait(false);
        lock (_fileGate)
        {
            _segment?.Flush(flushToDisk: true);
            _segment?.Dispose();
            _segment = null;
        }

        _syncSignal.Dispose();
        _jsonWriter?.Dispose();
        _lock?.Dispose();
    }

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AppendWhenRoomAsync(Task written, IReadOnlyList<AuditRecord> records)
    {
        try
        {
            await written.ConfigureAwait(false);
        }
        catch (AuditUnavailableException)
        {
            // That batch's failure is its own; this record is tried with the next.
        }

        await AppendAsync(records).ConfigureAwait(false);
    }

    // Under _gate: the pending records become the batch to write; later appends start the next one.
    private (List<AuditRecord> Batch, TaskCompletionSource Written) TakePending()
    {
        var taken = (_pending, _pendingWritten);
        _pending = _spare;
        _pendingWritten = NewBatch();
        return taken;
    }

    // After a write: records that arrived meanwhile are written by a work item (their callers wait on it); when none
    // did, the next append leads.
    private void EndWrite(List<AuditRecord> batch)
    {
        batch.Clear();
        lock (_gate)
        {
            _spare = batch;
            if (_pending.Count > 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: false);
                return;
            }

            _writing = false;
            Monitor.PulseAll(_gate);
        }
    }

    private void Drain()
    {
        List<AuditRecord> batch;
        TaskCompletionSource written;
        lock (_gate)
        {
            (batch, written) = TakePending();
        }

        WriteBatch(batch, written);
    }

    private void WriteBatch(List<AuditRecord> batch, TaskCompletionSource written)
    {
        try
        {
            Write(batch, written);
        }
        catch (Exception e)
        {
            // Whatever went wrong, these callers hear it and the next batch is written (never a writer left stuck).
            written.TrySetException(new AuditUnavailableException("The audit trail cannot be written: " + e.Message, e));
        }
        finally
        {
            EndWrite(batch);
        }
    }

    // The fsync thread: after the replies of a batch go, its lines are made durable against power loss, off the writer's
    // thread, so the next batch is written meanwhile. One fsync covers every batch written before it.
    private void Sync()
    {
        while (true)
        {
            _syncSignal.WaitOne();
            if (Interlocked.Exchange(ref _dirty, 0) == 0)
            {
                if (Volatile.Read(ref _stopping))
                {
                    // Disposing fsyncs and closes the last segment itself.
                    return;
                }

                continue;
            }

            try
            {
                // Under the file gate only: a rotation (which closes the segment) waits for it; the writer does not.
                lock (_fileGate)
                {
                    if (_segment is { } segment)
                    {
                        RandomAccess.FlushToDisk(segment.SafeFileHandle);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _logger.LogWarning("Audit segment fsync failed in {Directory}: {Reason}", _directory, e.Message);
            }

            if (Volatile.Read(ref _stopping))
            {
                return;
            }

            // At most one fsync per interval: under load one covers many batches, and the fsync's own cost (the
            // file system's journal) is paid per interval, not per call. A power loss can take at most this window.
            Thread.Sleep(SyncInterval);
        }
    }

    private void Write(List<AuditRecord> batch, TaskCompletionSource written)
    {
        if (_segment is null && !TryOpen(out var why))
        {
            written.TrySetException(new AuditUnavailableException("The audit trail cannot be written: " + why));
            return;
        }

        var segment = _segment!;
        var seq = _seq;
        var prev = _prev;
        _buffer.ResetWrittenCount();
        foreach (var record in batch)
        {
            _json.ResetWrittenCount();
            var json = _jsonWriter ??= new Utf8JsonWriter(_json);
            json.Reset(_json);
            JsonSerializer.Serialize(json, record, AuditJson.Default.AuditRecord);
            json.Flush();

            prev = AuditChain.Append(_buffer, ++seq, prev, _json.WrittenSpan);
        }

        // Position, not Length: the stream keeps it (the file is only ever appended to), no fstat per batch.
        var length = segment.Position;
        try
        {
            segment.Write(_buffer.WrittenSpan);
            segment.Flush(flushToDisk: false);
        }
        catch (IOException e)
        {
            CutBack(segment, length);
            written.TrySetException(new AuditUnavailableException("The audit trail cannot be written: " + e.Message, e));
            return;
        }

        Interlocked.Exchange(ref _seq, seq);
        _prev = prev;
        written.TrySetResult();
        if (segment.Position >= _segmentBytes)
        {
            // Rotation: the full segment is made durable and closed here, never under an fsync of the other thread.
            lock (_fileGate)
            {
                segment.Flush(flushToDisk: true);
                segment.Dispose();
                _segment = null;
                TryOpen(out _);
            }
        }
        else
        {
            Volatile.Write(ref _dirty, 1);
            _syncSignal.Set();
        }
    }

    private void CutBack(FileStream segment, long length)
    {
        try
        {
            segment.SetLength(length);
            segment.Position = length;
        }
        catch (IOException)
        {
            // Reopened (and a torn tail cut) on the next batch.
            lock (_fileGate)
            {
                segment.Dispose();
                _segment = null;
            }
        }
    }

    // Opens the lock and the segment to append to, resuming the chain; false (with why) when the folder cannot be written.
    private bool TryOpen(out string why)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            _lock ??= new FileStream(Path.Combine(_directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var last = AuditTrail.Segments(_directory).LastOrDefault();
            if (_seq == 0)
            {
                (_seq, _prev) = AuditTrail.Resume(_directory, _logger);
            }

            var path = last is not null && new FileInfo(last).Length < _segmentBytes
                ? last
                : Path.Combine(_directory, AuditTrail.SegmentName(_seq + 1));
            _segment = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
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
}
