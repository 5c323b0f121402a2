using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client.Internal;

/// <summary>Reading a gRPC response: its headers, messages and status trailers.</summary>
internal static class GrpcResponse
{
    private static readonly FrameErrors ResponseFrameErrors = new(
        new Status(StatusCode.Internal, "Incomplete message in the response."),
        new Status(StatusCode.Internal, "Invalid compressed flag in the response."));

    /// <summary>
    /// The status carried by the response headers: a trailers-only answer, a non-200 HTTP status
    /// or a wrong content type; null when the body follows normally.
    /// </summary>
    public static Status? StatusFromHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Status(MapHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }

        if (TryReadStatus(response.Headers, out var status))
        {
            return status;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcHeaders.IsGrpcContentType(contentType))
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}");
        }

        return null;
    }

    /// <summary>The status of the trailers; INTERNAL when the server sent none.</summary>
    public static Status StatusFromTrailers(HttpResponseMessage response) =>
        TryReadStatus(response.TrailingHeaders, out var status)
            ? status
            : new Status(StatusCode.Internal, "No grpc-status found on response.");

    /// <summary>The custom metadata in <paramref name="headers"/>.</summary>
    public static Metadata ToMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers.NonValidated)
        {
            if (Metadata.IsReservedKey(key) || key.Equals("date", StringComparison.OrdinalIgnoreCase) || key.Equals("server", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (Metadata.IsBinaryKey(key))
                {
                    foreach (var part in value.Split(','))
                    {
                        metadata.AddFromWire(key, part);
                    }
                }
                else
                {
                    metadata.AddFromWire(key, value);
                }
            }
        }

        return metadata;
    }

    /// <summary>Reads the next message; false at the clean end of the body.</summary>
    public static ValueTask<(bool HasMessage, T? Message)> ReadMessageAsync<T>(
        PipeReader reader, Marshaller<T> marshaller, string? encoding, int maxMessageSize, CancellationToken cancellationToken) =>
        GrpcMessageStream.ReadNextAsync(
            reader,
            maxMessageSize,
            (Marshaller: marshaller, Encoding: encoding, MaxMessageSize: maxMessageSize),
            static (state, payload, compressed) => Deserialize(payload, compressed, state.Marshaller, state.Encoding, state.MaxMessageSize),
            ResponseFrameErrors,
            cancellationToken);

    private static T Deserialize<T>(in ReadOnlySequence<byte> payload, bool compressed, Marshaller<T> marshaller, string? encoding, int maxMessageSize)
    {
        var bytes = payload;
        if (compressed)
        {
            if (!string.Equals(encoding, GzipCompression.EncodingName, StringComparison.OrdinalIgnoreCase))
            {
                throw new RpcException(new Status(StatusCode.Internal, "Compressed response message without a supported grpc-encoding."));
            }

            byte[]? inflated;
            try
            {
                inflated = GzipCompression.Decompress(payload, maxMessageSize);
            }
            catch (InvalidDataException exception)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Failed to decompress the response message."), new Metadata(), exception);
            }

            bytes = new ReadOnlySequence<byte>(inflated ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, "Decompressed response message larger than max.")));
        }

        try
        {
            return marshaller.Parse(bytes);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize the response message."), new Metadata(), exception);
        }
    }

    private static bool TryReadStatus(HttpHeaders headers, out Status status)
    {
        if (!headers.NonValidated.TryGetValues(GrpcHeaders.Status, out var statusValues))
        {
            status = default;
            return false;
        }

        var code = int.TryParse(statusValues.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? (StatusCode)parsed
            : StatusCode.Unknown;
        var message = headers.NonValidated.TryGetValues(GrpcHeaders.Message, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : string.Empty;
        status = new Status(code, message);
        return true;
    }

    // The gRPC specification's mapping of HTTP statuses seen without a grpc-status.
    private static StatusCode MapHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
