using System.Net;
using System.Net.Http.Headers;
using ComplianceService.Client;
using Grpc.Health.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Raw HTTP/2 requests that break the protocol: each gets the status the gRPC spec asks for,
/// and the server keeps serving (the next good call succeeds).
/// </summary>
public sealed class MalformedRequestTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private const string HealthCheck = "/grpc.health.v1.Health/Check";

    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public static TheoryData<string, byte[], string, string, int, string?> BadRequests => new()
    {
        // name, body, content-type, HTTP method, expected HTTP status, expected grpc-status
        { "compressed flag 2", [2, 0, 0, 0, 0], "application/grpc", "POST", 200, "13" },
        { "truncated frame", [0, 0, 0, 0, 100, 1, 2, 3], "application/grpc", "POST", 200, "13" },
        { "truncated prefix", [0, 0, 0], "application/grpc", "POST", 200, "13" },
        { "no message", [], "application/grpc", "POST", 200, "13" },
        { "two messages in a unary call", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "application/grpc", "POST", 200, "13" },
        { "unparseable protobuf", [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF], "application/grpc", "POST", 200, "13" },
        { "compressed flag without grpc-encoding", [1, 0, 0, 0, 2, 0x0A, 0x00], "application/grpc", "POST", 200, "13" },
        { "huge length prefix", [0, 0x7F, 0xFF, 0xFF, 0xFF], "application/grpc", "POST", 200, "8" },
        { "wrong content-type", [0, 0, 0, 0, 0], "application/json", "POST", 415, null },
        { "GET", [], "application/grpc", "GET", 405, null },
        { "PUT to an unknown path", [], "application/grpc", "PUT", 405, null },
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
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{server.Address}{path}")
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

        var next = await new ComplianceClient(_channel).CheckHealthAsync("");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, next);
    }

    [Fact]
    public async Task UnknownPathWithGrpcContentTypeIsUnimplementedTrailersOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.Address}/no.such.Service/Method")
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
    public async Task SuccessfulResponseAdvertisesAcceptedEncodingsAndPutsStatusInTrailers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{server.Address}{HealthCheck}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");

        using var response = await _http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("identity,gzip", response.Headers.GetValues("grpc-accept-encoding").Single());
        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }, body); // HealthCheckResponse { status: SERVING }
    }
}
