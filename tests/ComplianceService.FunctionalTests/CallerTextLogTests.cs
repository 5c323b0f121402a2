using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Testing;

namespace ComplianceService.FunctionalTests;

/// <summary>The server with every log category at Trace, Debug included, as an operator chasing a problem would set it.</summary>
public sealed class TraceLoggingFixture : ComplianceServerFactory
{
    public TraceLoggingFixture()
    {
        Set("Logging:LogLevel:Default", "Trace");
        Set("Logging:LogLevel:Microsoft", "Trace");
        Set("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        Set("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Trace");
        Set("Logging:LogLevel:Grpc", "Trace");
    }
}

/// <summary>
/// Nothing a caller sends reaches a log line, at any level: an unknown jurisdiction that is a person's name and date
/// of birth, an incident id sent with facts, unknown services and methods, metadata, content types, grpc-timeout and
/// grpc-encoding values.
/// </summary>
public sealed class CallerTextLogTests(TraceLoggingFixture server) : IClassFixture<TraceLoggingFixture>
{
    private const string CallerText = "John Q Public DOB 1990-01-02";
    private static readonly string[] Fragments = ["John", "Public", "1990-01-02", "JohnQPublic", "johnqpublic"];

    [Fact]
    public async Task NoCallerTextIsLoggedAtAnyLevel()
    {
        server.Logs.Clear();

        var python = (await InteropProcess.RunAsync(
            InteropProcess.Python,
            [InteropProcess.PythonScript, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "caller_text", CallerText],
            TimeSpan.FromSeconds(90))).Json;
        Assert.Equal("NOT_FOUND", python.GetProperty("unknown_jurisdiction").GetString());
        Assert.Equal("OK", python.GetProperty("incident_with_facts").GetString());
        Assert.Equal("UNIMPLEMENTED", python.GetProperty("unknown_service").GetString());

        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        await SendAsync(http, "application/JohnQPublic", new() { ["grpc-timeout"] = "JohnQPublic" });
        await SendAsync(http, "application/grpc", new() { ["grpc-timeout"] = "JohnQPublic", ["grpc-encoding"] = "JohnQPublic" });

        var records = server.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        var leaks = records.Where(Leaks).Select(record => $"{record.Level} {record.Category}[{record.Id.Id}]: {record.Message} {record.Exception?.Message}").ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));

        // The refusal is still logged, with its status and without the caller's words.
        Assert.Contains(records, record => record.Message.Contains("Error status code 'NotFound' with detail '[withheld]'", StringComparison.Ordinal));
    }

    private static bool Leaks(FakeLogRecord record)
    {
        var texts = new List<string?> { record.Message, record.Exception?.ToString() };
        texts.AddRange(record.StructuredState?.Select(pair => pair.Value) ?? []);
        return texts.Any(text => text is not null && Fragments.Any(fragment => text.Contains(fragment, StringComparison.OrdinalIgnoreCase)));
    }

    private async Task SendAsync(HttpMessageInvoker http, string contentType, Dictionary<string, string> headers)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/compliance.v1.ComplianceService/CheckEncounter"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        post.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        post.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (key, value) in headers)
        {
            post.Headers.TryAddWithoutValidation(key, value);
        }

        using var response = await http.SendAsync(post, CancellationToken.None);
        await response.Content.ReadAsByteArrayAsync();
    }
}
