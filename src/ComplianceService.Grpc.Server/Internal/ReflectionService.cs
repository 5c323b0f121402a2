using ComplianceService.Grpc.Protocol;
using Grpc.Reflection.V1;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>
/// The handler of <c>grpc.reflection.v1.ServerReflection/ServerReflectionInfo</c>, also bound to
/// <c>grpc.reflection.v1alpha</c>: the two versions' messages are identical on the wire, so the
/// v1alpha method uses the v1 message types through its marshallers.
/// </summary>
internal sealed class ReflectionService(Func<ReflectionIndex> index)
{
    private readonly Lazy<ReflectionIndex> _index = new(index);

    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IServerStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var response = Answer(requests.Current);
            await responses.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    internal ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var index = _index.Value;
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames)
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }

                response.ListServicesResponse = list;
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                if (index.TryGetFileByName(request.FileByFilename, out var byName))
                {
                    response.FileDescriptorResponse = Files(index, byName);
                }
                else
                {
                    response.ErrorResponse = NotFound($"File not found: {request.FileByFilename}");
                }

                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                if (index.TryGetFileBySymbol(request.FileContainingSymbol, out var bySymbol))
                {
                    response.FileDescriptorResponse = Files(index, bySymbol);
                }
                else
                {
                    response.ErrorResponse = NotFound($"Symbol not found: {request.FileContainingSymbol}");
                }

                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                response.ErrorResponse = NotFound(
                    $"Extension not found: {request.FileContainingExtension.ContainingType}({request.FileContainingExtension.ExtensionNumber})");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                if (index.IsMessageType(request.AllExtensionNumbersOfType))
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                }
                else
                {
                    response.ErrorResponse = NotFound($"Type not found: {request.AllExtensionNumbersOfType}");
                }

                break;

            default:
                response.ErrorResponse = new ErrorResponse
                {
                    ErrorCode = (int)StatusCode.InvalidArgument,
                    ErrorMessage = "The reflection request names no known request kind.",
                };
                break;
        }

        return response;
    }

    private static FileDescriptorResponse Files(ReflectionIndex index, Google.Protobuf.Reflection.FileDescriptor file)
    {
        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(index.SerializedClosure(file));
        return files;
    }

    private static ErrorResponse NotFound(string message) => new() { ErrorCode = (int)StatusCode.NotFound, ErrorMessage = message };
}
