namespace ComplianceService.LoadTest.UnitTests;

/// <summary>
/// A short open-loop run of the realistic mix through our typed C# client against the real
/// ComplianceService (in-process host, real Kestrel socket, embedded policies): every call must
/// come back OK, so the mix is valid for the engine and the tool's counts match what was sent.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RealServerRunTests
{
    [Theory]
    [InlineData("mixed")]
    [InlineData("encounter")]
    [InlineData("cooperation")]
    public async Task AShortRunAgainstTheRealServerFinishesWithZeroErrors(string mix)
    {
        var app = ComplianceServiceHost.Build(["--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        try
        {
            var address = ComplianceServiceHost.BoundAddresses(app).Single();
            var output = new StringWriter();

            var exit = await LoadTestCommand.InvokeAsync(
                ["--target", address, "--rate", "300", "--duration", "2s", "--warmup", "500ms", "--mix", mix, "--connections", "2", "--deadline-ms", "5000", "--quiet"],
                output);

            var summary = output.ToString();
            Assert.True(exit == 0, summary);
            Assert.Contains("scheduled 600  sent 600  completed 600  ok 600  errors 0", summary, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
