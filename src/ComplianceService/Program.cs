using ComplianceService;

// Run: dotnet run --project src/ComplianceService -c Release
// Listens on Kestrel:Endpoints:Grpc:Url (default http://127.0.0.1:50051, HTTP/2 only).
var app = ComplianceServiceHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
