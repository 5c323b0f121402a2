extern alias compliancectl;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing.Hosting;
using Google.Protobuf;
using compliancectl::ComplianceService.Cli;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// <c>compliancectl check</c> and <c>advise</c> against the real server (in-process, on a real socket): the decision
/// card (outcome, obligations with who acts, citations with provenance, what would change the answer), its JSON, and
/// the exit codes for a bad name, a refused request and an unreachable server.
/// </summary>
public sealed class CompliancectlCheckTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose() => _errors.Dispose();

    [Fact]
    public async Task CheckPrintsTheStJosephCard()
    {
        var (exit, output, error) = await RunAsync(
            "check", "--server", server.Address.ToString(), "--jurisdiction", "us-mo-st-joseph",
            "--action", "DETAIN_OR_ARREST", "--contact", "traffic_stop", "--role", "ROLE_SUSPECT", "--fact", "STATUS_IN_QUESTION");

        Assert.True(exit == ExitCodes.Ok, error);

        // St. Joseph SO0801 II.B.4-5: no detention on suspected status alone; contact ICE now, release if no timely response.
        Assert.Contains("outcome: PROHIBITED", output, StringComparison.Ordinal);
        Assert.Contains("CONTACT_ICE_NOW", output, StringComparison.Ordinal);
        Assert.Contains("RELEASE_IF_NO_TIMELY_RESPONSE", output, StringComparison.Ordinal);
        Assert.Contains("OFFICER", output, StringComparison.Ordinal);
        Assert.Contains("stj/so0801 II.B.4", output, StringComparison.Ordinal);
        Assert.Contains("OFFICIAL_TEXT", output, StringComparison.Ordinal);
        Assert.Contains("What would change the answer", output, StringComparison.Ordinal);
        Assert.Contains("STATE_CHARGE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPrintsContactIceRequiredWithReleaseIfNoTimelyResponse()
    {
        var (exit, output, error) = await RunAsync(
            "check", "--server", server.Address.ToString(), "-j", "us-mo-st-joseph",
            "--action", "contact_ice", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT", "--fact", "FACT_STATUS_IN_QUESTION");

        Assert.True(exit == ExitCodes.Ok, error);

        // SO0801 II.B.5: status in question, no charge or warrant: contact ICE now; release if no timely answer.
        Assert.Contains("outcome: REQUIRED", output, StringComparison.Ordinal);
        Assert.Contains("RELEASE_IF_NO_TIMELY_RESPONSE", output, StringComparison.Ordinal);
        Assert.Contains("stj/so0801 II.B.5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsJsonIsTheDecisionTheServerGives()
    {
        var (exit, output, error) = await RunAsync(
            "check", "--server", server.Address.ToString(), "-j", "us-mo-st-joseph", "--action", "ACTION_DETAIN_OR_ARREST",
            "--contact", "TRAFFIC_STOP", "--role", "SUSPECT", "--fact", "STATUS_IN_QUESTION", "--incident-id", "CAD-1", "--format", "json");
        Assert.True(exit == ExitCodes.Ok, error);

        using (var document = JsonDocument.Parse(output))
        {
            Assert.Equal("OUTCOME_PROHIBITED", document.RootElement.GetProperty("outcome").GetString());
        }

        var printed = JsonParser.Default.Parse<Decision>(output);
        using var channel = server.CreateChannel();
        var asked = await new ComplianceGrpc.ComplianceServiceClient(channel).CheckEncounterAsync(new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph", Action = Action.DetainOrArrest, Contact = Contact.TrafficStop, Role = Role.Suspect,
            Facts = { Fact.StatusInQuestion }, IncidentId = "CAD-1", IncludeWhatIf = true,
        });
        printed.DecisionId = asked.DecisionId = "";
        Assert.Equal(asked, printed);
        Assert.All(printed.Obligations, o => Assert.NotEqual(Actor.Unspecified, o.Actor));
        Assert.NotEmpty(printed.WhatIf);
    }

    [Fact]
    public async Task CheckAsksAboutACooperationRequest()
    {
        var (exit, output, error) = await RunAsync(
            "check", "--server", server.Address.ToString(), "-j", "us-ks-roeland-park", "--request", "DETAINER", "--agency", "ICE", "--format", "json");
        Assert.True(exit == ExitCodes.Ok, error);

        var decision = JsonParser.Default.Parse<Decision>(output);
        Assert.Equal(Request.Detainer, decision.Request);
        Assert.NotEqual(Outcome.Unspecified, decision.Outcome);
    }

    [Fact]
    public async Task AdvisePrintsARowPerAction()
    {
        var (exit, output, error) = await RunAsync(
            "advise", "--server", server.Address.ToString(), "-j", "us-mo-st-joseph", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT",
            "--fact", "STATUS_IN_QUESTION", "--format", "json");
        Assert.True(exit == ExitCodes.Ok, error);
        var advice = JsonParser.Default.Parse<EncounterAdvice>(output);
        Assert.Contains(advice.Decisions, d => d.Action == Action.DetainOrArrest && d.Outcome == Outcome.Prohibited);

        (exit, output, error) = await RunAsync(
            "advise", "--server", server.Address.ToString(), "-j", "us-mo-st-joseph", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT", "--fact", "STATUS_IN_QUESTION");
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("DETAIN_OR_ARREST", output, StringComparison.Ordinal);
        Assert.Contains("CONTACT_ICE_NOW (OFFICER)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--action", "TELEPORT")]
    [InlineData("--contact", "SEANCE")]
    [InlineData("--role", "BYSTANDER_X")]
    [InlineData("--fact", "IS_TALL")]
    [InlineData("--unknown-fact", "IS_TALL")]
    public async Task AnUnknownNameExits2NamingTheOption(string option, string value)
    {
        var args = new List<string> { "check", "--server", server.Address.ToString(), "-j", "us-mo-st-joseph", "--action", "DETAIN_OR_ARREST", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exit, _, error) = await RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option + ": unknown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedRequestExits2WithTheFieldTheServerNames()
    {
        var (exit, _, error) = await RunAsync(
            "check", "--server", server.Address.ToString(), "-j", "us-xx-nowhere", "--action", "DETAIN_OR_ARREST", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("jurisdiction: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServerExits8()
    {
        // A free port, closed again at once: connecting to it is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, _, error) = await RunAsync(
            "check", "--server", $"http://127.0.0.1:{port}", "-j", "us-mo-st-joseph", "--action", "DETAIN_OR_ARREST", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT");

        Assert.Equal(ExitCodes.ServerUnavailable, exit);
        Assert.Contains($"127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Compliancectl.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
