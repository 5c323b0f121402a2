namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// A call that ended with a non-OK status. Server handlers throw it to answer with that status;
/// the client throws it when the server answered with one.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception carrying <paramref name="status"/>.</summary>
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    /// <summary>Creates an exception carrying <paramref name="status"/> and trailing metadata.</summary>
    public RpcException(Status status, Metadata trailers)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    /// <summary>Creates an exception carrying <paramref name="status"/>, trailing metadata and the underlying cause.</summary>
    public RpcException(Status status, Metadata trailers, Exception? innerException)
        : base(status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers ?? throw new ArgumentNullException(nameof(trailers));
    }

    /// <summary>The status of the call.</summary>
    public Status Status { get; }

    /// <summary>The status code of the call.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>The status detail message.</summary>
    public string Detail => Status.Detail;

    /// <summary>Trailing metadata: sent by a server handler, or received by the client.</summary>
    public Metadata Trailers { get; }
}
