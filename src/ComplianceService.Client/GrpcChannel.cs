using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using ComplianceService.Client.Internal;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client;

/// <summary>
/// A gRPC channel over HTTP/2: one <see cref="SocketsHttpHandler"/> connection pool shared by all
/// calls (several HTTP/2 connections when one fills its stream limit). Thread-safe; create one
/// per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private const string UserAgent = "compliance-client-dotnet/1.0";

    private readonly HttpMessageInvoker _invoker;
    private readonly GrpcChannelOptions _options;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        _options = options;
        var handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        };

        // HttpMessageInvoker, not HttpClient: no 100-second overall timeout on long streams;
        // deadlines are the caller's, per call.
        _invoker = new HttpMessageInvoker(handler, options.HttpHandler is null || options.DisposeHttpHandler);
    }

    /// <summary>The server address, e.g. <c>http://127.0.0.1:50051</c> (h2c) or <c>https://host:443</c> (TLS, ALPN h2).</summary>
    public Uri Address { get; }

    /// <summary>Creates a channel to <paramref name="address"/>.</summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    /// <summary>Creates a channel to <paramref name="address"/>.</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("The address must be http:// (h2c) or https:// (TLS).", nameof(address));
        }

        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <summary>Makes a unary call.</summary>
    /// <param name="method">The full method path, e.g. <c>/grpc.health.v1.Health/Check</c>.</param>
    /// <param name="request">The request message.</param>
    /// <param name="requestMarshaller">Serializes the request.</param>
    /// <param name="responseMarshaller">Parses the response.</param>
    /// <param name="options">Deadline, metadata and cancellation.</param>
    /// <exception cref="RpcException">The call ended with a non-OK status (including DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE).</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        string method, TRequest request, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller, CallOptions options = default)
    {
        var result = await UnaryCallAsync(method, request, requestMarshaller, responseMarshaller, options).ConfigureAwait(false);
        return result.Response;
    }

    /// <summary>Makes a unary call and returns the response with the server's headers and trailers.</summary>
    /// <exception cref="RpcException">The call ended with a non-OK status.</exception>
    public async Task<CallResult<TResponse>> UnaryCallAsync<TRequest, TResponse>(
        string method, TRequest request, Marshaller<TRequest> requestMarshaller, Marshaller<TResponse> responseMarshaller, CallOptions options = default)
    {
        using var scope = new CallScope(options);
        try
        {
            using var httpRequest = CreateRequest(method, request, requestMarshaller, options);
            using var response = await _invoker.SendAsync(httpRequest, scope.Token).ConfigureAwait(false);
            var headers = GrpcResponse.ToMetadata(response.Headers);
            if (GrpcResponse.StatusFromHeaders(response) is { } headerStatus)
            {
                throw new RpcException(
                    headerStatus.StatusCode == StatusCode.OK ? new Status(StatusCode.Internal, "Trailers-only OK response without a message.") : headerStatus,
                    headers);
            }

            var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
            var reader = PipeReader.Create(stream);
            var encoding = EncodingOf(response);
            var (hasMessage, message) = await GrpcResponse.ReadMessageAsync(reader, responseMarshaller, encoding, _options.MaxReceiveMessageSize, scope.Token).ConfigureAwait(false);
            if (hasMessage)
            {
                var (extra, _) = await GrpcResponse.ReadMessageAsync(reader, responseMarshaller, encoding, _options.MaxReceiveMessageSize, scope.Token).ConfigureAwait(false);
                if (extra)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "A unary call received more than one response message."));
                }
            }

            await reader.CompleteAsync().ConfigureAwait(false);
            var trailers = GrpcResponse.ToMetadata(response.TrailingHeaders);
            var status = GrpcResponse.StatusFromTrailers(response);
            if (status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, trailers);
            }

            if (!hasMessage)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The server sent no response message."), trailers);
            }

            return new CallResult<TResponse>(message!, headers, trailers);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw scope.ToRpcException(exception);
        }
    }

    /// <summary>Makes a server-streaming call; the enumeration yields each response as it arrives.</summary>
    /// <param name="method">The full method path.</param>
    /// <param name="request">The request message.</param>
    /// <param name="requestMarshaller">Serializes the request.</param>
    /// <param name="responseMarshaller">Parses each response.</param>
    /// <param name="options">Deadline, metadata and cancellation.</param>
    /// <param name="enumerationCancellation">Also cancels the call (from <c>WithCancellation</c>).</param>
    /// <exception cref="RpcException">Thrown by the enumeration when the call ends with a non-OK status.</exception>
    public async IAsyncEnumerable<TResponse> ServerStreaming<TRequest, TResponse>(
        string method,
        TRequest request,
        Marshaller<TRequest> requestMarshaller,
        Marshaller<TResponse> responseMarshaller,
        CallOptions options = default,
        [EnumeratorCancellation] CancellationToken enumerationCancellation = default)
    {
        using var scope = new CallScope(options, enumerationCancellation);
        using var httpRequest = CreateRequest(method, request, requestMarshaller, options);
        var response = await Guard(scope, () => _invoker.SendAsync(httpRequest, scope.Token)).ConfigureAwait(false);
        using (response)
        {
            if (GrpcResponse.StatusFromHeaders(response) is { } headerStatus)
            {
                if (headerStatus.StatusCode == StatusCode.OK)
                {
                    yield break;
                }

                throw new RpcException(headerStatus, GrpcResponse.ToMetadata(response.Headers));
            }

            var stream = await Guard(scope, () => response.Content.ReadAsStreamAsync(scope.Token)).ConfigureAwait(false);
            var reader = PipeReader.Create(stream);
            var encoding = EncodingOf(response);
            try
            {
                while (true)
                {
                    var (hasMessage, message) = await Guard(scope, () => GrpcResponse.ReadMessageAsync(reader, responseMarshaller, encoding, _options.MaxReceiveMessageSize, scope.Token).AsTask()).ConfigureAwait(false);
                    if (!hasMessage)
                    {
                        break;
                    }

                    yield return message!;
                }
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }

            var status = GrpcResponse.StatusFromTrailers(response);
            if (status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, GrpcResponse.ToMetadata(response.TrailingHeaders));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _invoker.Dispose();

    private static async Task<T> Guard<T>(CallScope scope, Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw scope.ToRpcException(exception);
        }
    }

    private static string? EncodingOf(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(GrpcHeaders.Encoding, out var values) ? values.ToString() : null;

    private HttpRequestMessage CreateRequest<TRequest>(string method, TRequest request, Marshaller<TRequest> marshaller, CallOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var uri = _methodUris.GetOrAdd(method, static (path, address) => new Uri(address, path), Address);
        var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new GrpcRequestContent<TRequest>(request, marshaller, _options.MaxSendMessageSize, _options.CompressRequests),
        };
        var headers = message.Headers;
        headers.TryAddWithoutValidation("te", GrpcHeaders.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", UserAgent);
        headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, GrpcHeaders.SupportedEncodings);
        if (_options.CompressRequests)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Encoding, GzipCompression.EncodingName);
        }

        if (options.Deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(deadline.ToUniversalTime() - DateTime.UtcNow));
        }

        if (options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, entry.ToWireValue());
            }
        }

        return message;
    }
}
