using GrpcFrameworkBaseline;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Framework baseline for `loadtest/h2load-compare.sh`: Grpc.AspNetCore answering every CheckEncounter with a fixed
// reply of --ReplyBytes bytes (default 376, a decision's size), on ComplianceService's host settings: the slim
// builder, HTTP/2 only, no server header, no hosting diagnostics logger, warnings only.
// Usage: dotnet run -c Release --project loadtest/GrpcFrameworkBaseline -- --urls http://127.0.0.1:50062 --ReplyBytes=376
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
});
builder.Services.AddGrpc();
builder.Services.AddSingleton(new FixedReply(builder.Configuration.GetValue("ReplyBytes", 376)));
builder.Services.AddSingleton<FixedReplyService>();

var app = builder.Build();
app.MapGrpcService<FixedReplyService>();
await app.RunAsync();
