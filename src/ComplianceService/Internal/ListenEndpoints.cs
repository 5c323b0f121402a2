using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ComplianceService.Internal;

/// <summary>
/// The listen options of the two configured endpoints (<c>Kestrel:Endpoints:Grpc</c> and <c>:Http</c>), caught when
/// Kestrel loads its configuration, so that the start-up line can say which bound address is which (both may have
/// asked for port 0). Kestrel writes the bound end point back into the listen options.
/// </summary>
internal sealed class ListenEndpoints
{
    public ListenOptions? Grpc { get; set; }

    public ListenOptions? Http { get; set; }

    /// <summary>The bound address of an endpoint (<c>http://127.0.0.1:50051</c>), or null when it was not configured.</summary>
    public static string? AddressOf(ListenOptions? options, string? configuredUrl)
    {
        if (options?.IPEndPoint is not { } endPoint)
        {
            return null;
        }

        var scheme = configuredUrl is not null && configuredUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = endPoint.Address.Equals(IPAddress.IPv6Any) || endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "[" + endPoint.Address + "]"
            : endPoint.Address.ToString();
        return FormattableString.Invariant($"{scheme}://{host}:{endPoint.Port}");
    }
}
