using System.Net;
using System.Net.Http.Headers;
using Grpc.Health.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Raw HTTP/2 requests that break the protocol: each gets a gRPC error status (or an HTTP error where the request is
/// not gRPC at all) and the server keeps serving (the next good call succeeds). The statuses are Grpc.AspNetCore's:
/// a message that cannot be read (bad compressed flag, unparseable protobuf) is UNKNOWN where the gRPC spec would have
/// INTERNAL, and a path no endpoint serves with a non-POST method is HTTP 404.
/// </summary>
public sealed class MalformedRequestTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private const string HealthCheck = "/grpc.health.v1.Health/Check";

    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private readonly GrpcChannel _channel = server.CreateChannel();

    public static TheoryData<string, byte[], string, string, int, string?> BadRequests => new()
    {
        // name, body, content-type, HTTP method, expected HTTP status, expected grpc-status
        { "compressed flag 2", [2, 0, 0, 0, 0], "application/grpc", "POST", 200, "2" },
        { "truncated frame", [0, 0, 0, 0, 100, 1, 2, 3], "application/grpc", "POST", 200, "13" },
        { "truncated prefix", [0, 0, 0], "application/grpc", "POST", 200, "13" },
        { "no message", [], "application/grpc", "POST", 200, "13" },
        { "two messages in a unary call", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "application/grpc", "POST", 200, "13" },
        { "unparseable protobuf", [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF], "application/grpc", "POST", 200, "2" },
        { "compressed flag without grpc-encoding", [1, 0, 0, 0, 2, 0x0A, 0x00], "application/grpc", "POST", 200, "13" },
        { "huge length prefix", [0, 0x7F, 0xFF, 0xFF, 0xFF], "application/grpc", "POST", 200, "8" },
        { "wrong content-type", [0, 0, 0, 0, 0], "application/json", "POST", 415, null },
        { "GET", [], "application/grpc", "GET", 404, null },
        { "PUT to an unknown path", [], "application/grpc", "PUT", 404, null },
    };

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestGetsItsStatusAndTheServerKeepsServing(string name, byte[] body, string contentType, string method, int httpStatus, string? grpcStatus)
    {
        var path = name.StartsWith("PUT", StringComparison.Ordinal) ? "/no.such.Service/Method" : HealthCheck;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method != "GET")
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("content-type", contentType);
        }

        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _http.SendAsync(request, CancellationToken.None);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(httpStatus, (int)response.StatusCode);
        if (grpcStatus is not null)
        {
            var status = response.Headers.TryGetValues("grpc-status", out var headerValues)
                ? headerValues.Single()
                : response.TrailingHeaders.GetValues("grpc-status").Single();
            Assert.Equal(grpcStatus, status);
        }

        var next = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest { Service = "" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, next.Status);
    }

    [Fact]
    public async Task UnknownPathWithGrpcContentTypeIsUnimplementedTrailersOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/no.such.Service/Method"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc+proto");

        using var response = await _http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SuccessfulResponsePutsStatusInTrailers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, HealthCheck))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");

        using var response = await _http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }, body); // HealthCheckResponse { status: SERVING }
    }
}
