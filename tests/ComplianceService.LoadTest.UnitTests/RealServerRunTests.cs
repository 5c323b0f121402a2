extern alias host;

using ComplianceService.Testing.Hosting;

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
        await using var server = new KestrelHostFactory<host::Program>();
        await server.InitializeAsync();
        using var errors = server.ExpectNoErrors();
        var output = new StringWriter();

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--rate", "300", "--duration", "2s", "--warmup", "500ms", "--mix", mix, "--connections", "2", "--deadline-ms", "5000", "--quiet"],
            output);

        var summary = output.ToString();
        Assert.True(exit == 0, summary);
        Assert.Contains("scheduled 600  sent 600  completed 600  ok 600  errors 0", summary, StringComparison.Ordinal);
    }
}
