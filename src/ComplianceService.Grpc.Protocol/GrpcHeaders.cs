namespace ComplianceService.Grpc.Protocol;

/// <summary>The header and trailer names and fixed values of gRPC over HTTP/2.</summary>
public static class GrpcHeaders
{
    /// <summary><c>content-type</c> of every gRPC request and response.</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The status code trailer.</summary>
    public const string Status = "grpc-status";

    /// <summary>The percent-encoded status message trailer.</summary>
    public const string Message = "grpc-message";

    /// <summary>The request deadline header.</summary>
    public const string Timeout = "grpc-timeout";

    /// <summary>The message encoding of compressed messages.</summary>
    public const string Encoding = "grpc-encoding";

    /// <summary>The message encodings the sender accepts.</summary>
    public const string AcceptEncoding = "grpc-accept-encoding";

    /// <summary>The encodings this implementation accepts, as advertised.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>The <c>te</c> header value required on requests.</summary>
    public const string TeTrailers = "trailers";

    /// <summary>
    /// True for <c>application/grpc</c> and <c>application/grpc+proto</c> (and any
    /// <c>application/grpc+*</c> or parameters after ';').
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }
}
