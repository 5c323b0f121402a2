using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ComplianceService.Audit;

/// <summary>
/// Lets the kernel drop a writer's segment pages from its page cache once they are fsynced and 16 MiB behind the
/// chain's end (<c>posix_fadvise(POSIX_FADV_DONTNEED)</c>, Linux; nothing elsewhere), as PostgreSQL does with its WAL.
/// A segment is written once and read again only by the Redis shipper, which follows within about 100 ms (from the
/// cache), or by an auditor's tool much later. Kept cached, the trail would fill the page cache at the server's
/// decision rate (about 40 MB/s under h2load), and every record would go into a page the kernel had never used: on a
/// virtual machine whose memory the host backs on first use, as here, that cost about 3 µs of kernel CPU per
/// 700-byte record, against 0.3 µs when the same pages come back (a 1 MiB pwrite + fsync loop over 400 MiB, in a
/// freshly started VM). One per writer, used by its copier only.
/// </summary>
/// <remarks>
/// .NET has no API for this advice (<see cref="FileOptions.SequentialScan"/> is the only one it gives), so it is one
/// call into libc. The advice is only advice: when the call is not there (another libc, another system) it is not made
/// again, and nothing depends on it.
/// </remarks>
internal sealed partial class WrittenPages
{
    /// <summary>How far behind the chain's end pages stay cached.</summary>
    public const long KeptBehind = 16 * 1024 * 1024;

    // The least a drop covers: one system call per this many bytes written.
    private const long Chunk = 4 * 1024 * 1024;
    private const int PosixFadvDontNeed = 4;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    private long _dropped;
    private string? _finished;

    /// <summary>A segment is written from now on (new, or resumed): none of its pages was dropped.</summary>
    public void Started() => _dropped = 0;

    /// <summary>The segment at <paramref name="path"/> is finished (closed at rotation): its last pages are dropped once
    /// the next one is <see cref="KeptBehind"/> long.</summary>
    public void Finished(string path)
    {
        if (_finished is not null)
        {
            DropAll(_finished);
        }

        _finished = path;
    }

    /// <summary>The segment is <paramref name="length"/> bytes long, all fsynced: drops what is far enough behind.</summary>
    public void Written(SafeFileHandle segment, long length)
    {
        if (_finished is not null && length >= KeptBehind)
        {
            DropAll(_finished);
            _finished = null;
        }

        var upTo = length - KeptBehind;
        if (upTo - _dropped >= Chunk)
        {
            Drop(segment, _dropped, upTo - _dropped);
            _dropped = upTo;
        }
    }

    private static void DropAll(string path)
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            using var segment = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Drop(segment, 0, 0); // length 0: to the end of the file
        }
        catch (IOException)
        {
            // Gone (removed by an operator): nothing of it to drop.
        }
    }

    private static void Drop(SafeFileHandle segment, long offset, long length)
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = PosixFadvise(segment, offset, length, PosixFadvDontNeed);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(SafeFileHandle fd, long offset, long length, int advice);
}
