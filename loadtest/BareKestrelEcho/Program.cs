using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Baseline for `loadtest/h2load-compare.sh`: the least a gRPC server on Kestrel can do for a
// unary call. Usage: dotnet run -c Release --project loadtest/BareKestrelEcho -- --urls http://127.0.0.1:50061
var builder = WebApplication.CreateSlimBuilder(args);
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
    foreach (var segment in frame)
    {
        await context.Response.BodyWriter.WriteAsync(segment);
    }

    reader.AdvanceTo(frame.End);
});
await app.RunAsync();
