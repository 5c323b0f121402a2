using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceService.LoadTest.UnitTests;

/// <summary>
/// A real Kestrel h2c listener on 127.0.0.1:0 that answers every POST like a minimal gRPC
/// server (content-type application/grpc, one empty message 00 00 00 00 00, trailer grpc-status),
/// can stall once, and checks what it receives is a well-formed unary gRPC request.
/// </summary>
public sealed class StubGrpcServer : IAsyncDisposable
{
    private static readonly byte[] EmptyMessage = [0, 0, 0, 0, 0];

    private readonly WebApplication app;
    private readonly StubBehaviour behaviour;
    private readonly ConcurrentDictionary<string, int> paths = new();
    private readonly ConcurrentDictionary<string, byte> connections = new();
    private readonly ConcurrentQueue<string> timeouts = new();
    private int requests;
    private int malformed;
    private long stallUntil;

    private StubGrpcServer(WebApplication app, StubBehaviour behaviour)
    {
        this.app = app;
        this.behaviour = behaviour;
    }

    public Uri Address { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    public int Malformed => Volatile.Read(ref malformed);

    public IReadOnlyDictionary<string, int> Paths => paths;

    public int Connections => connections.Count;

    public IReadOnlyCollection<string> TimeoutHeaders => timeouts;

    public static async Task<StubGrpcServer> StartAsync(StubBehaviour? behaviour = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new StubGrpcServer(app, behaviour ?? new StubBehaviour());
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref requests);
        paths.AddOrUpdate(context.Request.Path.Value ?? string.Empty, 1, static (_, count) => count + 1);
        connections.TryAdd(context.Connection.Id, 0);
        if (context.Request.Headers.TryGetValue("grpc-timeout", out var timeout))
        {
            timeouts.Enqueue(timeout.ToString());
        }

        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (!IsWellFormed(context.Request, body.ToArray()))
        {
            Interlocked.Increment(ref malformed);
        }

        if (n == behaviour.StallAtRequest)
        {
            Volatile.Write(ref stallUntil, Stopwatch.GetTimestamp() + (long)(behaviour.StallFor.TotalSeconds * Stopwatch.Frequency));
        }

        var hold = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Volatile.Read(ref stallUntil));
        if (behaviour.Delay > hold)
        {
            hold = behaviour.Delay;
        }

        if (hold > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(hold, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (behaviour.HttpStatus != 0)
        {
            context.Response.StatusCode = behaviour.HttpStatus;
            return;
        }

        context.Response.ContentType = "application/grpc";
        var status = behaviour.GrpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (behaviour.TrailersOnly)
        {
            context.Response.Headers["grpc-status"] = status;
            return;
        }

        await context.Response.Body.WriteAsync(EmptyMessage);
        context.Response.AppendTrailer("grpc-status", status);
    }

    private static bool IsWellFormed(HttpRequest request, byte[] body) =>
        request.Method == "POST"
        && request.Protocol == "HTTP/2"
        && request.ContentType == "application/grpc"
        && request.Headers.TE.ToString() == "trailers"
        && body.Length >= 5
        && body[0] == 0
        && BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) == body.Length - 5;
}
