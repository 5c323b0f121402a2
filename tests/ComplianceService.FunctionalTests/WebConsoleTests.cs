extern alias compliancectl;

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing;
using ComplianceService.Testing.Hosting;
using ComplianceService.Testing.Redis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using compliancectl::ComplianceService.Cli;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The web console at <c>/</c> and what it reads: the page and its files (embedded, served on the HTTP endpoint), a
/// jurisdiction's policy (<c>GET /v1/jurisdictions/{id}/policy</c>, the same method over gRPC), the revision in force
/// as server-sent events; and the console itself in Debian's Chromium driven by playwright-core against the server in
/// Redis mode, with a second revision published while the page is open.
/// </summary>
public sealed partial class WebConsoleTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    // RPPD directive III.b, as the seed document (000) words it.
    private const string RoelandParkIIIb =
        "The Roeland Park Police Department shall not stop, question, or interrogate any individual solely to determine nationality or citizenship status.";

    private readonly HttpClient _http = new() { BaseAddress = server.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _http.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task TheConsolePageAndItsFilesAreServedAtTheRoot()
    {
        using var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>ComplianceService console</title>", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"/console/console.js\">", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        foreach (var (file, type) in new[] { ("console.js", "text/javascript"), ("api.js", "text/javascript"), ("console.css", "text/css") })
        {
            using var response = await _http.GetAsync("/console/" + file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using var missing = await _http.GetAsync("/console/nothing-here.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var post = await _http.PostAsync("/", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task PolicyPageDataListsTheSourcesAndEveryRuleWithItsQuote()
    {
        using var response = await _http.GetAsync("/v1/jurisdictions/us-ks-roeland-park/policy");
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        var jurisdiction = root.GetProperty("jurisdiction");
        Assert.Equal("us-ks-roeland-park", jurisdiction.GetProperty("id").GetString());
        var sources = jurisdiction.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

        // The ordinance is known only as the Kansas Reflector reported it (seed 001); the directive is official text.
        Assert.Equal("PROVENANCE_NEWS_REPORT", sources["rp/ordinance-2020"].GetProperty("provenance").GetString());
        Assert.Equal("2020-12-21T00:00:00Z", sources["rp/ordinance-2020"].GetProperty("effective").GetString());
        Assert.Equal("PROVENANCE_OFFICIAL_TEXT", sources["rp/directive"].GetProperty("provenance").GetString());
        Assert.Equal("AUTHORITY_DEPARTMENT_DIRECTIVE", sources["rp/directive"].GetProperty("authority").GetString());

        var rules = root.GetProperty("rules").EnumerateArray().ToList();

        // III.b, in plain words, for the stop made to determine status.
        var stop = Assert.Single(rules, r => r.GetProperty("section").GetString() == "III.b" &&
            r.GetProperty("actions").EnumerateArray().Any(a => a.GetString() == "ACTION_STOP_FOR_STATUS"));
        Assert.Equal(RoelandParkIIIb, stop.GetProperty("quote").GetString());
        Assert.Equal("rp/directive", stop.GetProperty("source").GetString());
        Assert.Equal("OUTCOME_PROHIBITED", stop.GetProperty("outcome").GetString());
        Assert.Equal("Do not stop anyone to determine status (RPPD Directive III.b)", stop.GetProperty("guidance").GetString());

        // A conditional rule keeps its condition as written; an attach rule has no outcome, only its obligation.
        Assert.Contains(rules, r => r.GetProperty("section").GetString() == "III.b" && r.TryGetProperty("when", out var when) && when.GetString() == "STATUS_PERTINENT");
        var notice = Assert.Single(rules, r => r.GetProperty("section").GetString() == "resident notice");
        Assert.False(notice.TryGetProperty("outcome", out _));
        Assert.Equal(["OBLIGATION_NOTIFY_RESIDENTS"], notice.GetProperty("obligations").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("PROVENANCE_NEWS_REPORT", notice.GetProperty("provenance").GetString());
        Assert.Equal(["REQUEST_PLANNED_OPERATION"], notice.GetProperty("requests").EnumerateArray().Select(o => o.GetString()));

        // Every source of the chain has its rules listed, in the chain's order (strongest authority first).
        var order = jurisdiction.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        var ruleSources = rules.Select(r => r.GetProperty("source").GetString()).Distinct().ToList();
        Assert.Equal(order.Where(ruleSources.Contains), ruleSources);
        Assert.Contains("rp/ordinance-2020", ruleSources);
        Assert.Contains(ruleSources, s => sources[s!].GetProperty("jurisdiction").GetString() == "us");
    }

    [Fact]
    public async Task PolicyOfAnUnknownJurisdictionIs404NamingTheField()
    {
        using var response = await _http.GetAsync("/v1/jurisdictions/us-nowhere/policy");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, status.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("jurisdiction: unknown jurisdiction 'us-nowhere'", status.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PolicyOverGrpcIsTheSameAnswerAsOverRest()
    {
        using var channel = server.CreateChannel();
        var overGrpc = await new ComplianceGrpc.ComplianceServiceClient(channel)
            .GetJurisdictionPolicyAsync(new GetJurisdictionPolicyRequest { Jurisdiction = "us-mo-st-joseph" });
        var overRest = JsonParser.Default.Parse<JurisdictionPolicy>(await _http.GetStringAsync("/v1/jurisdictions/us-mo-st-joseph/policy"));
        Assert.Equal(overGrpc, overRest);

        var empty = await Assert.ThrowsAsync<RpcException>(async () =>
            await new ComplianceGrpc.ComplianceServiceClient(channel).GetJurisdictionPolicyAsync(new GetJurisdictionPolicyRequest()));
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.StartsWith("jurisdiction: required", empty.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevisionEventsGiveTheRevisionInForceThenEachActivation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _http.GetAsync("/v1/policy-revisions:watch", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var events = System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal("revision", events.Current.EventType);
        var first = JsonParser.Default.Parse<PolicyRevision>(events.Current.Data);
        Assert.Equal(server.ActivePolicy.Snapshot!.Revision, first.Revision);
        Assert.Equal("embedded", first.ActivatedBy);

        server.ActivePolicy.Activate(server.ActivePolicy.Snapshot!, new PolicyRevision
        {
            Revision = first.Revision,
            ActivatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            ActivatedBy = "console-events-test",
            PreviousRevision = first.Revision,
        });
        Assert.True(await events.MoveNextAsync());
        var second = JsonParser.Default.Parse<PolicyRevision>(events.Current.Data);
        Assert.Equal("console-events-test", second.ActivatedBy);
        Assert.Equal(first.Revision, second.PreviousRevision);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task RevisionEventsEndPromptlyWhenTheServerStops()
    {
        await using var process = await ServerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = process.HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync("/v1/policy-revisions:watch", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await using var events = System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        // The server's shutdown allowance is 10 s (HostOptions:ShutdownTimeout); an open event stream must not use it.
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        process.Terminate();
        Assert.False(await events.MoveNextAsync());
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the server took {stopping.Elapsed} to stop with an event stream open");
    }

    [Fact]
    public async Task ConsoleInChromiumShowsTheCardThePolicyAndANewRevision()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("console");
        var work = Directory.CreateTempSubdirectory("compliance-console-").FullName;
        try
        {
            string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];
            var first = PublishedRevision(await CtlAsync(["publish", "--yes", "--policies", RepositoryPaths.Policies, "--by", "console-test-first", .. store]));
            await using var process = await ServerProcess.StartAsync(
                "--ConnectionStrings:Redis=" + redis.ConnectionString,
                "--Compliance:Store:KeyPrefix=" + prefix,
                "--Compliance:Store:InstanceId=console-test",
                "--Compliance:Store:SnapshotPath=" + Path.Combine(work, "last-good.bundle"));

            // The second revision: the same policies, one jurisdiction's display name changed.
            var marked = Path.Combine(work, "policies");
            Directory.CreateDirectory(marked);
            foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
            {
                var text = await File.ReadAllTextAsync(file);
                await File.WriteAllTextAsync(Path.Combine(marked, Path.GetFileName(file)), text.Replace("\nname: Bozeman Police Department\n", "\nname: Bozeman Police Department (console test)\n", StringComparison.Ordinal));
            }

            var shots = Path.Combine(InteropProcess.RepoRoot, "artifacts", "console");
            foreach (var old in Directory.Exists(shots) ? Directory.GetFiles(shots, "*.png") : [])
            {
                File.Delete(old);
            }

            string? second = null;
            await InteropProcess.EnsureNodeModulesAsync();
            var result = await InteropProcess.RunAsync(
                "node",
                [InteropProcess.ConsoleBrowserScript, process.HttpAddress.ToString(), shots],
                TimeSpan.FromMinutes(3),
                async line =>
                {
                    if (line.StartsWith("ACTIVATE ", StringComparison.Ordinal))
                    {
                        second = PublishedRevision(await CtlAsync(["publish", "--yes", "--policies", marked, "--by", "console-test-second", .. store]));
                    }
                });
            var json = result.Json;

            Assert.Equal("ComplianceService console", json.GetProperty("title").GetString());
            Assert.Empty(json.GetProperty("consoleErrors").EnumerateArray());

            // St. Joseph, traffic stop, suspect, status in question, no charge (SO0801 II.B.4-5): contacting ICE is
            // REQUIRED, and the officer releases the person if ICE cannot answer in time; the arrest is PROHIBITED.
            // St. Joseph's chain (us.yaml, us-mo.yaml, us-mo-st-joseph.yaml) never names SUPERVISOR_APPROVAL; its rules
            // turn on STATUS_IN_QUESTION and on FOREIGN_NATIONAL (consular notice): only the first is shown as not read.
            var notRead = json.GetProperty("factsNotRead").EnumerateArray().Select(f => f.GetString()).ToList();
            Assert.Contains("FACT_SUPERVISOR_APPROVAL", notRead);
            Assert.DoesNotContain("FACT_STATUS_IN_QUESTION", notRead);
            Assert.DoesNotContain("FACT_FOREIGN_NATIONAL", notRead);

            var cards = json.GetProperty("cards");
            Assert.Equal("REQUIRED", json.GetProperty("contactIceOutcome").GetString());
            var contactIce = cards.GetProperty("ACTION_CONTACT_ICE").GetString()!;
            Assert.Contains("REQUIRED", contactIce, StringComparison.Ordinal);
            Assert.Contains("Officer: Release if no timely response", contactIce, StringComparison.Ordinal);
            Assert.Contains("stj/so0801 II.B.5", contactIce, StringComparison.Ordinal);
            Assert.Contains("Official text", contactIce, StringComparison.Ordinal);
            var arrest = cards.GetProperty("ACTION_DETAIN_OR_ARREST").GetString()!;
            Assert.Contains("PROHIBITED", arrest, StringComparison.Ordinal);
            Assert.Contains("This would change if", arrest, StringComparison.OrdinalIgnoreCase); // the heading is set in capitals
            Assert.Contains("state charge: PERMITTED", arrest, StringComparison.Ordinal);
            Assert.Equal(9, cards.EnumerateObject().Count());
            Assert.Equal("Every action for this encounter", json.GetProperty("focusedAfterDecide").GetString());

            // Roeland Park's policy page: III.b with its words; the ordinance marked as a news report, never as law.
            Assert.StartsWith("Roeland Park Police Department", json.GetProperty("policyHeading").GetString(), StringComparison.Ordinal);
            var rules = json.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.Contains(rules, r => r.Contains("rp/directive III.b", StringComparison.Ordinal) && r.Contains(RoelandParkIIIb, StringComparison.Ordinal));
            var ordinance = rules.Where(r => r.Contains("rp/ordinance-2020", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(ordinance);
            Assert.All(ordinance, r => Assert.Contains("News report \u2014 not the law\u2019s own text", r, StringComparison.Ordinal));
            Assert.All(ordinance, r => Assert.DoesNotContain("Official text", r, StringComparison.Ordinal));
            var sources = json.GetProperty("sources").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.Contains(sources, s => s.Contains("rp/ordinance-2020", StringComparison.Ordinal) && s.Contains("2020-12-21", StringComparison.Ordinal) && s.Contains("News report", StringComparison.Ordinal));

            // The revision in force, then the one published while the page was open.
            Assert.NotNull(second);
            Assert.NotEqual(first, second);
            Assert.Equal(first, json.GetProperty("revisionBefore").GetString());
            Assert.Equal(second, json.GetProperty("revisionAfter").GetString());
            Assert.Contains("activated by console-test-second", json.GetProperty("revisionLine").GetString(), StringComparison.Ordinal);

            foreach (var shot in new[] { "console-01-opened.png", "console-02-st-joseph-card.png", "console-03-roeland-park-policy.png", "console-04-new-revision.png" })
            {
                Assert.True(new FileInfo(Path.Combine(shots, shot)).Length > 0, shot);
            }

            // What the browser did shows in the server's metrics: one AdviseEncounter, and the revision now in force.
            using var http = new HttpClient { BaseAddress = process.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
            var metrics = await MetricsTests.ScrapeAsync(http);
            Assert.Equal(1, metrics.Value("compliance_decisions_total", ("jurisdiction", "us-mo-st-joseph"), ("kind", "ACTION_CONTACT_ICE"), ("outcome", "OUTCOME_REQUIRED")));
            Assert.Equal(1, metrics.Value("compliance_policy_revision", ("revision", second!)));
            Assert.Equal(0, metrics.Value("compliance_policy_revision", ("revision", first)));
            Assert.Equal(1, metrics.Value("compliance_store_connected"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> CtlAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Compliancectl.RunAsync(args, output, error);
        Assert.True(exit == ExitCodes.Ok, $"compliancectl {string.Join(' ', args)} exited {exit}:\n{output}{error}");
        return output.ToString();
    }

    private static string PublishedRevision(string output) =>
        PublishedLine().Match(output) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no published revision in:\n" + output);

    [GeneratedRegex("published revision ([0-9a-f]{64})")]
    private static partial Regex PublishedLine();
}
