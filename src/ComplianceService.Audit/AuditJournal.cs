using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ComplianceService.Audit;

/// <summary>
/// A writer's journal: the records it has accepted and not yet written to a segment file, in a ring kept in a file mapped
/// into memory (shared), by default in <c>/dev/shm</c>. The file's pages belong to the operating system, so a record
/// copied into the ring outlives a crash of the process (SIGKILL, OOM); the writer that opens the chain next moves it
/// into the segment files. A power loss takes what the ring held, at most the few milliseconds between two copies.
/// </summary>
/// <remarks>
/// <para>Layout: a 4096-byte header (magic, capacity, <c>head</c>, <c>tail</c>), then the ring. <c>head</c> and
/// <c>tail</c> are byte positions that only grow (the ring index is the position modulo the capacity): entries in
/// [tail, head) are accepted and not yet in a segment. An entry is <c>[int32 length][int32 0][int64 seq][JSON]</c>,
/// padded to 8 bytes; a length of -1 means the entry would not fit before the ring's end and the next one starts at
/// index 0. An entry is written whole before <c>head</c> moves past it, so everything before <c>head</c> is whole.</para>
/// <para>One thread appends at a time (the writer's lock); one thread reads and consumes (the writer's copier).</para>
/// </remarks>
internal sealed unsafe partial class AuditJournal : IDisposable
{
    /// <summary>A journal's default capacity: 32 MiB, about 50,000 records (a second or more of the heaviest load measured
    /// here); the copier empties it every few milliseconds.</summary>
    public const long DefaultCapacity = 32L * 1024 * 1024;

    private const long Magic = 0x314C4E524A445541; // "AUDJRNL1"
    private const int HeaderBytes = 4096;
    private const int EntryHeader = 16;
    private readonly FileStream _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _header;
    private readonly byte* _ring;
    private readonly long _capacity;
    private long _head;

    private AuditJournal(FileStream file, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long capacity)
    {
        _file = file;
        _map = map;
        _view = view;
        _header = pointer;
        _ring = pointer + HeaderBytes;
        _capacity = capacity;
        _head = Volatile.Read(ref *(long*)(_header + 16));
    }

    /// <summary>The journal file's path.</summary>
    public string Path => _file.Name;

    /// <summary>The end of the entries accepted (published after each append).</summary>
    public long Head => Volatile.Read(ref *(long*)(_header + 16));

    /// <summary>The start of the entries not yet in a segment file.</summary>
    public long Tail => Volatile.Read(ref *(long*)(_header + 24));

    /// <summary>The journal file of the chain in <paramref name="writerDirectory"/>: in <paramref name="journalDirectory"/>,
    /// named after the chain's full path (one journal per chain, whatever the writer id).</summary>
    public static string FileFor(string journalDirectory, string writerDirectory)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(writerDirectory)));
        return System.IO.Path.Combine(journalDirectory, "compliance-audit-" + Convert.ToHexStringLower(digest.AsSpan(0, 8)) + ".journal");
    }

    /// <summary>Opens the journal at <paramref name="path"/>, or makes a new, empty one of
    /// <paramref name="capacity"/> bytes (reserved on disk or in memory first, so that running out of room is an error
    /// here, never a fault later). An existing journal keeps its own capacity and its entries.</summary>
    /// <exception cref="IOException">The file cannot be made or reserved.</exception>
    public static AuditJournal Open(string path, long capacity = DefaultCapacity)
    {
        // Readable by this user only: /dev/shm is shared by every user of the machine, and the records name callers and facts.
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var existing = ReadHeader(file);
            if (existing is { } kept)
            {
                capacity = kept;
            }
            else
            {
                file.SetLength(0);
                Reserve(file, HeaderBytes + capacity);
            }

            map = MemoryMappedFile.CreateFromFile(file, null, HeaderBytes + capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            view = map.CreateViewAccessor(0, HeaderBytes + capacity, MemoryMappedFileAccess.ReadWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            if (existing is null)
            {
                *(long*)(pointer + 8) = capacity;
                *(long*)(pointer + 16) = 0;
                *(long*)(pointer + 24) = 0;
                Volatile.Write(ref *(long*)pointer, Magic);
            }

            MapEveryPage(pointer, HeaderBytes + capacity);
            return new AuditJournal(file, map, view, pointer, capacity);
        }
        catch
        {
            view?.Dispose();
            map?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes one record's JSON as entry <paramref name="seq"/>, not yet published (<see cref="Publish"/>);
    /// false (nothing written) when the ring has no room for it. One caller at a time.</summary>
    public bool TryAppend(long seq, ReadOnlySpan<byte> json)
    {
        var size = EntrySize(json.Length);
        var head = _head;
        var index = head % _capacity;
        var skip = _capacity - index < size ? _capacity - index : 0;
        if (head + skip + size - Tail > _capacity || size > _capacity)
        {
            return false;
        }

        if (skip > 0)
        {
            *(int*)(_ring + index) = -1;
            head += skip;
            index = 0;
        }

        var entry = _ring + index;
        *(int*)entry = json.Length;
        *(int*)(entry + 4) = 0;
        *(long*)(entry + 8) = seq;
        json.CopyTo(new Span<byte>(entry + EntryHeader, json.Length));
        _head = head + size;
        return true;
    }

    /// <summary>Publishes the entries written since the last publish: from now on they are the journal's (readers see
    /// them, and they outlive the process).</summary>
    public void Publish() => Volatile.Write(ref *(long*)(_header + 16), _head);

    /// <summary>Forgets the entries written since the last publish.</summary>
    public void Discard() => _head = Head;

    /// <summary>The entry at <paramref name="position"/> (a position in [tail, <paramref name="head"/>) reached by
    /// reading from the tail), and the position after it; false at <paramref name="head"/>.</summary>
    public bool TryRead(long position, long head, out long next, out long seq, out ReadOnlySpan<byte> json)
    {
        while (position < head)
        {
            var index = position % _capacity;
            var length = *(int*)(_ring + index);
            if (length < 0)
            {
                position += _capacity - index;
                continue;
            }

            seq = *(long*)(_ring + index + 8);
            json = new ReadOnlySpan<byte>(_ring + index + EntryHeader, length);
            next = position + EntrySize(length);
            return true;
        }

        next = position;
        seq = 0;
        json = default;
        return false;
    }

    /// <summary>The entries before <paramref name="position"/> are in a segment file (fsynced): their room is free.</summary>
    public void Consumed(long position) => Volatile.Write(ref *(long*)(_header + 24), position);

    /// <summary>Unmaps and closes the journal; with <paramref name="delete"/>, removes its file (only when it is empty).</summary>
    public void Close(bool delete)
    {
        var path = _file.Name;
        Dispose();
        if (delete)
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _file.Dispose();
    }

    // Reads one byte of each page, so that the process maps the whole ring now rather than on each page's first record:
    // a page's first touch is a page fault, which made each of a new server's first ~50,000 appends (one pass over a
    // 32 MiB ring) cost 3-6 µs instead of about 1.4 (BenchmarkDotNet, AuditAppendBenchmarks). A read is enough in
    // /dev/shm: the file's pages already exist (reserved at creation), and tmpfs maps them writable. A journal kept on a
    // disk file system (no room in the journal folder) still takes one write fault per page the first time round.
    private static void MapEveryPage(byte* start, long length)
    {
        var page = Environment.SystemPageSize;
        for (long offset = 0; offset < length; offset += page)
        {
            _ = Volatile.Read(ref start[offset]);
        }
    }

    private static long EntrySize(int jsonLength) => (EntryHeader + jsonLength + 7) & ~7L;

    // The capacity of a journal already in the file, or null when the file is empty or not a journal.
    private static long? ReadHeader(FileStream file)
    {
        if (file.Length < HeaderBytes)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[16];
        file.Position = 0;
        file.ReadExactly(header);
        var capacity = BitConverter.ToInt64(header[8..]);
        return BitConverter.ToInt64(header) == Magic && capacity > 0 && file.Length == HeaderBytes + capacity ? capacity : null;
    }

    private static void Reserve(FileStream file, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            var error = PosixFallocate(file.SafeFileHandle, 0, length);
            if (error != 0)
            {
                throw new IOException($"No room for the audit journal {file.Name}: {Marshal.GetPInvokeErrorMessage(error)}", error);
            }
        }
        else
        {
            file.SetLength(length);
        }
    }

    // Returns 0 or the error number (posix_fallocate does not set errno).
    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(SafeFileHandle fd, long offset, long length);
}
