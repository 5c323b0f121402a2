using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>The services registered at start-up; frozen into the method table when the pipeline is built.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, ServerMethod> _methods = new(StringComparer.Ordinal);
    private readonly List<ServiceDescriptor> _services = [];
    private readonly Lock _lock = new();
    private FrozenDictionary<string, ServerMethod>? _table;

    public bool DispatcherAdded { get; set; }

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_lock)
            {
                return [.. _services];
            }
        }
    }

    public void Add(GrpcServiceBinder binder)
    {
        lock (_lock)
        {
            if (_table is not null)
            {
                throw new InvalidOperationException("gRPC services must be registered before the server starts.");
            }

            if (_services.Exists(s => s.FullName == binder.Service.FullName))
            {
                throw new InvalidOperationException($"Service '{binder.Service.FullName}' is already registered.");
            }

            binder.BindRemainingAsUnimplemented();
            _services.Add(binder.Service);
            foreach (var (path, method) in binder.Methods)
            {
                _methods.Add(path, method);
            }
        }
    }

    /// <summary>Builds (once) the frozen table used by every request.</summary>
    public FrozenDictionary<string, ServerMethod> Freeze()
    {
        lock (_lock)
        {
            return _table ??= _methods.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    public bool IsServiceKnown(ReadOnlySpan<char> path)
    {
        // path is "/pkg.Service/Method": compare the service part with the registered names.
        if (path.Length < 2 || path[0] != '/')
        {
            return false;
        }

        var rest = path[1..];
        var slash = rest.IndexOf('/');
        var service = slash < 0 ? rest : rest[..slash];
        foreach (var known in Services)
        {
            if (service.SequenceEqual(known.FullName))
            {
                return true;
            }
        }

        return false;
    }
}
