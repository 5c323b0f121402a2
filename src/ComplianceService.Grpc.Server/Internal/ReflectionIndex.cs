using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>
/// The files, symbols and services server reflection answers about, built once from the
/// registered services' file descriptors (and everything they import).
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messageTypes = new(StringComparer.Ordinal);

    public ReflectionIndex(IReadOnlyList<ServiceDescriptor> services)
    {
        ServiceNames = [.. services.Select(s => s.FullName)];
        foreach (var service in services)
        {
            AddFile(service.File);
        }
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public bool TryGetFileByName(string name, out FileDescriptor file) => _filesByName.TryGetValue(name, out file!);

    public bool TryGetFileBySymbol(string symbol, out FileDescriptor file) => _filesBySymbol.TryGetValue(symbol, out file!);

    public bool IsMessageType(string fullName) => _messageTypes.Contains(fullName);

    /// <summary>The file followed by its transitive dependencies, each once, as serialized FileDescriptorProto.</summary>
    public IEnumerable<ByteString> SerializedClosure(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>();
        pending.Enqueue(file);
        while (pending.Count > 0)
        {
            var next = pending.Dequeue();
            if (!seen.Add(next.Name))
            {
                continue;
            }

            yield return next.SerializedData;
            foreach (var dependency in next.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_filesByName.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }

        foreach (var service in file.Services)
        {
            _filesBySymbol.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                _filesBySymbol.TryAdd(string.Concat(service.FullName, ".", method.Name), file);
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(file, message);
        }

        foreach (var enumType in file.EnumTypes)
        {
            _filesBySymbol.TryAdd(enumType.FullName, file);
        }
    }

    private void AddMessage(FileDescriptor file, MessageDescriptor message)
    {
        _filesBySymbol.TryAdd(message.FullName, file);
        _messageTypes.Add(message.FullName);
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(file, nested);
        }

        foreach (var enumType in message.EnumTypes)
        {
            _filesBySymbol.TryAdd(enumType.FullName, file);
        }
    }
}
