using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ComplianceService.Audit;

/// <summary>
/// The segment file a writer appends to, mapped into memory (shared) for its whole capacity: a line copied into the
/// mapping is in the file's pages, which the operating system keeps and writes back whatever becomes of the process.
/// The file's blocks are reserved a megabyte ahead of the last line (posix_fallocate), so that running out of disk is an
/// error on <see cref="Reserve"/>, not a fault on a write to the mapping. While open, the file is as long as its capacity
/// and ends in zero bytes after its last line (readers stop there); closing cuts it to its last line.
/// </summary>
internal sealed unsafe partial class AuditSegment : IDisposable
{
    private const long ReserveAhead = 1024 * 1024;
    private readonly FileStream _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _capacity;
    private long _length;
    private long _reserved;

    private AuditSegment(FileStream file, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long capacity, long length)
    {
        _file = file;
        _map = map;
        _view = view;
        _base = pointer;
        _capacity = capacity;
        _length = length;
        _reserved = length;
    }

    /// <summary>Opens (or creates) the segment at <paramref name="path"/> to append after its last line; its lines must
    /// be whole (<see cref="AuditTrail.Resume"/> cuts a torn one first).</summary>
    public static AuditSegment Open(string path, long capacity)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var length = file.Length;
            capacity = Math.Max(capacity, length);
            map = MemoryMappedFile.CreateFromFile(file, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            view = map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new AuditSegment(file, map, view, pointer + view.PointerOffset, capacity, length);
        }
        catch
        {
            view?.Dispose();
            map?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="bytes"/> more fit before the segment's capacity.</summary>
    public bool HasRoom(long bytes) => _length + bytes <= _capacity;

    /// <summary>Reserves the file's blocks for <paramref name="bytes"/> more (and up to a megabyte beyond).</summary>
    /// <exception cref="IOException">The disk has no room for them.</exception>
    public void Reserve(long bytes)
    {
        var needed = _length + bytes;
        if (needed <= _reserved)
        {
            return;
        }

        var target = Math.Min(_capacity, Math.Max(needed, _reserved + ReserveAhead));
        if (OperatingSystem.IsLinux())
        {
            var error = PosixFallocate(_file.SafeFileHandle, _reserved, target - _reserved);
            if (error != 0)
            {
                throw new IOException($"No room for the audit segment {_file.Name}: {Marshal.GetPInvokeErrorMessage(error)}", error);
            }
        }

        _reserved = target;
    }

    /// <summary>The next <paramref name="bytes"/> of the segment (reserved before), now counted as written.</summary>
    public Span<byte> Next(int bytes)
    {
        var line = new Span<byte>(_base + _length, bytes);
        _length += bytes;
        return line;
    }

    /// <summary>Makes what was written durable (fsync; the mapping's pages are the file's).</summary>
    public void Flush() => RandomAccess.FlushToDisk(_file.SafeFileHandle);

    /// <summary>Unmaps the segment, cuts it to its last line, fsyncs and closes it.</summary>
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        try
        {
            _file.SetLength(_length);
            RandomAccess.FlushToDisk(_file.SafeFileHandle);
        }
        finally
        {
            _file.Dispose();
        }
    }

    // Returns 0 or the error number (posix_fallocate does not set errno).
    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(SafeFileHandle fd, long offset, long length);
}
