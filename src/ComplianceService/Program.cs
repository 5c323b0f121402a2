using ComplianceService;

// Run: dotnet run --project src/ComplianceService -c Release
// Listens on Kestrel:Endpoints:Grpc:Url (default http://127.0.0.1:50051, HTTP/2 only) for gRPC, and on
// Kestrel:Endpoints:Http:Url (default http://127.0.0.1:8080, HTTP/1.1 and HTTP/2) for REST/JSON, OpenAPI and gRPC-Web.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Configuration.AddComplianceDefaults();
builder.Services.AddComplianceService(builder.Configuration);

var app = builder.Build();
app.UseCompliance();
app.MapComplianceService();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The entry point; public so that tests can start the real host with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
