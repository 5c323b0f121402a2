using ComplianceService;

// Run: dotnet run --project src/ComplianceService -c Release
// Listens on Kestrel:Endpoints:Grpc:Url (default http://127.0.0.1:50051, HTTP/2 only).
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Configuration.AddComplianceDefaults();
builder.Services.AddComplianceService(builder.Configuration);

var app = builder.Build();
app.UseComplianceSecurity();
app.MapComplianceService();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The entry point; public so that tests can start the real host with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
