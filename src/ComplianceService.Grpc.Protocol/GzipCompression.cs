using System.Buffers;
using System.IO.Compression;
using ComplianceService.Grpc.Protocol.Internal;

namespace ComplianceService.Grpc.Protocol;

/// <summary>The <c>gzip</c> message encoding (<c>grpc-encoding: gzip</c>).</summary>
public static class GzipCompression
{
    /// <summary>The encoding name on the wire.</summary>
    public const string EncodingName = "gzip";

    /// <summary>
    /// Decompresses one message. Returns null when the decompressed size would exceed
    /// <paramref name="maxDecompressedSize"/> (a zip bomb is refused, not inflated).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not valid gzip.</exception>
    public static byte[]? Decompress(in ReadOnlySequence<byte> compressed, int maxDecompressedSize)
    {
        using var input = new ReadOnlySequenceStream(compressed);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxDecompressedSize)
                {
                    return null;
                }

                output.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return output.ToArray();
    }

    /// <summary>Compresses one message with gzip.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(message);
        }

        return output.ToArray();
    }
}
