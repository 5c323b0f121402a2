using System.Buffers.Binary;
using ComplianceService.Engine;
using ComplianceService.Store.Internal;

namespace ComplianceService.Store;

/// <summary>
/// The last bundle this instance activated, kept on local disk so a cold start without Redis still serves it.
/// </summary>
/// <remarks>
/// File layout: the 8 ASCII bytes <c>CSSNAP1\n</c>, a 4-byte little-endian header length, the header (the
/// <see cref="ActivationRecord"/> as UTF-8 JSON, with its <c>signature</c> and the bundle's <c>bundleSignature</c> when signed), a 4-byte little-endian bundle length, then the bundle bytes.
/// Written to a temporary file in the same directory, flushed to disk, then renamed over the old file, so a crash
/// leaves either the old snapshot or the new one, never half of one. Read back only if the layout is exact and
/// the bundle's SHA-256 equals the recorded revision.
/// </remarks>
public sealed class LastGoodSnapshot
{
    private static ReadOnlySpan<byte> Magic => "CSSNAP1\n"u8;

    /// <summary>Largest bundle accepted from disk, a guard against a corrupt length field.</summary>
    private const int MaxBundleLength = 512 * 1024 * 1024;

    /// <summary>Creates a snapshot kept at <paramref name="path"/> (its directory is created on the first write).</summary>
    public LastGoodSnapshot(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Full path of the snapshot file.</summary>
    public string Path { get; }

    /// <summary>Replaces the snapshot with <paramref name="bundle"/>, atomically.</summary>
    /// <exception cref="ArgumentException">The bundle is not <c>activation.Revision</c>'s.</exception>
    /// <exception cref="IOException">The file could not be written (the previous snapshot is left as it was).</exception>
    public Task WriteAsync(ActivationRecord activation, VerifiedBundle bundle, CancellationToken cancellationToken = default) =>
        WriteAsync(activation, bundle, bundleSignature: null, cancellationToken);

    /// <summary>
    /// Replaces the snapshot with <paramref name="bundle"/> and the bundle's signature (kept in the header beside the
    /// activation and its own signature, so a cold start can verify both again), atomically.
    /// </summary>
    /// <exception cref="ArgumentException">The bundle is not <c>activation.Revision</c>'s.</exception>
    /// <exception cref="IOException">The file could not be written (the previous snapshot is left as it was).</exception>
    public async Task WriteAsync(ActivationRecord activation, VerifiedBundle bundle, string? bundleSignature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(bundle);
        if (!string.Equals(activation.Revision, bundle.Revision, StringComparison.Ordinal))
        {
            throw new ArgumentException("The bundle is not the activation's revision.", nameof(bundle));
        }

        var header = ActivationRecordJson.Serialize(activation, bundleSignature);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                var lengths = new byte[4];
                await file.WriteAsync(Magic.ToArray(), cancellationToken).ConfigureAwait(false);
                BinaryPrimitives.WriteInt32LittleEndian(lengths, header.Length);
                await file.WriteAsync(lengths, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                BinaryPrimitives.WriteInt32LittleEndian(lengths, bundle.Bytes.Length);
                await file.WriteAsync(lengths, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(bundle.Bytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);

                // fsync before the rename: otherwise a power loss can leave the new name pointing at empty blocks.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Reads and verifies the snapshot.</summary>
    /// <returns>The snapshot, or <see langword="null"/> when there is no snapshot file.</returns>
    /// <exception cref="InvalidDataException">The file is damaged or its bundle does not match its revision; it must not be served.</exception>
    public async Task<StoredBundle?> ReadAsync(CancellationToken cancellationToken = default)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(content);
    }

    private static StoredBundle Parse(byte[] content)
    {
        var rest = content.AsSpan();
        if (!rest.StartsWith(Magic))
        {
            throw new InvalidDataException("The snapshot file does not start with the snapshot signature.");
        }

        rest = rest[Magic.Length..];
        var header = ReadBlock(ref rest, "header", 64 * 1024);
        var bundleLength = ReadLength(ref rest, "bundle", MaxBundleLength);
        if (rest.Length != bundleLength)
        {
            throw new InvalidDataException("The snapshot file's bundle is truncated or has trailing bytes.");
        }

        ActivationRecord activation;
        string? bundleSignature;
        try
        {
            activation = ActivationRecordJson.Parse(header, out bundleSignature);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("The snapshot file's header is not an activation record.", ex);
        }

        if (!VerifiedBundle.TryVerify(activation.Revision, content.AsMemory(content.Length - bundleLength, bundleLength), out var bundle))
        {
            throw new InvalidDataException("The snapshot's bundle does not hash to its revision.");
        }

        return new StoredBundle(activation, bundle) { BundleSignature = bundleSignature };
    }

    private static ReadOnlySpan<byte> ReadBlock(ref Span<byte> rest, string what, int max)
    {
        var length = ReadLength(ref rest, what, max);
        if (rest.Length < length)
        {
            throw new InvalidDataException("The snapshot file's " + what + " is truncated.");
        }

        var block = rest[..length];
        rest = rest[length..];
        return block;
    }

    private static int ReadLength(ref Span<byte> rest, string what, int max)
    {
        if (rest.Length < 4)
        {
            throw new InvalidDataException("The snapshot file ends before the " + what + " length.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
        rest = rest[4..];
        if (length < 0 || length > max)
        {
            throw new InvalidDataException("The snapshot file's " + what + " length is out of range.");
        }

        return length;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; the snapshot itself was not touched.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
