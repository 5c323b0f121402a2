using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace ComplianceService.Client;

/// <summary>
/// The channel settings of the client, in one place: the DI registration
/// (<see cref="ComplianceClientServiceCollectionExtensions.AddComplianceClient"/>) and code without DI
/// (<see cref="Create"/>) get the same service config and HTTP handler.
/// </summary>
public static class ComplianceChannel
{
    /// <summary>
    /// Creates a channel to <paramref name="address"/> with the service config and handler of
    /// <paramref name="options"/>. Add the default deadline with <see cref="WithDefaultDeadline"/> on the invoker.
    /// </summary>
    public static GrpcChannel Create(Uri address, ComplianceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new ComplianceClientOptions();
        var channelOptions = new GrpcChannelOptions { HttpHandler = CreateHandler(options) };
        Configure(channelOptions, options);
        return GrpcChannel.ForAddress(address, channelOptions);
    }

    /// <summary>A call invoker over <paramref name="channel"/> that gives unary calls without a deadline the default one.</summary>
    public static CallInvoker WithDefaultDeadline(GrpcChannel channel, ComplianceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var deadline = (options ?? new ComplianceClientOptions()).Deadline;
        return deadline is { } d ? channel.Intercept(new Internal.DefaultDeadlineInterceptor(d)) : channel.CreateCallInvoker();
    }

    /// <summary>
    /// The HTTP/2 handler: keepalive pings, several connections when streams run out, no proxy, no cookies, pooled
    /// connections kept (a CAD terminal calls in bursts and should not reconnect for each).
    /// </summary>
    public static SocketsHttpHandler CreateHandler(ComplianceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>Applies the service config (retry on UNAVAILABLE with exponential backoff, for every method) to
    /// <paramref name="channelOptions"/>; nothing when <see cref="ComplianceClientOptions.MaxAttempts"/> is 1.</summary>
    public static void Configure(GrpcChannelOptions channelOptions, ComplianceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(channelOptions);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts <= 1)
        {
            return;
        }

        channelOptions.ServiceConfig = new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = options.MaxAttempts,
                        InitialBackoff = options.InitialBackoff,
                        MaxBackoff = options.MaxBackoff,
                        BackoffMultiplier = options.BackoffMultiplier,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
    }
}
