using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Baseline for `loadtest/h2load-compare.sh`: the least a gRPC server on Kestrel can do for a
// unary call. Usage: dotnet run -c Release --project loadtest/BareKestrelEcho -- --urls http://127.0.0.1:50061
// With --ReplyBytes=N it answers every call with one fixed N-byte frame instead of the echo, so a
// comparison can separate the cost of a larger reply from the cost of producing it.
var builder = WebApplication.CreateSlimBuilder(args);
var replyBytes = builder.Configuration.GetValue<int?>("ReplyBytes");
byte[]? fixedReply = replyBytes is { } size and >= 5 ? new byte[size] : null;
if (fixedReply is not null)
{
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(fixedReply.AsSpan(1), (uint)(fixedReply.Length - 5));
}

builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
});
var app = builder.Build();
app.Run(async context =>
{
    var reader = context.Request.BodyReader;
    var read = await reader.ReadAsync();
    while (!read.IsCompleted)
    {
        reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        read = await reader.ReadAsync();
    }

    var frame = read.Buffer;
    context.Response.ContentType = "application/grpc";
    context.Response.AppendTrailer("grpc-status", "0");
    if (fixedReply is not null)
    {
        await context.Response.BodyWriter.WriteAsync(fixedReply);
        reader.AdvanceTo(frame.End);
        return;
    }

    foreach (var segment in frame)
    {
        await context.Response.BodyWriter.WriteAsync(segment);
    }

    reader.AdvanceTo(frame.End);
});
await app.RunAsync();
