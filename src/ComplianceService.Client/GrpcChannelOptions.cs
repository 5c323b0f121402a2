namespace ComplianceService.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The largest response message accepted, in bytes. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, in bytes; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// The HTTP handler to send calls with; null for a <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// with multiple HTTP/2 connections enabled. Give one to configure TLS validation or proxies.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. Default true.</summary>
    public bool DisposeHttpHandler { get; set; } = true;

    /// <summary>Whether request messages are sent gzip-compressed (<c>grpc-encoding: gzip</c>). Default false.</summary>
    public bool CompressRequests { get; set; }
}
