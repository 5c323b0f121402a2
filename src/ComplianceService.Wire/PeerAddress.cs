using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ComplianceService.Wire;

/// <summary>
/// The caller's address as the server saw it, kept in the audit record in gRPC's naming (grpc/doc/naming.md), as
/// Grpc.AspNetCore's <c>ServerCallContext.Peer</c> gives it: <c>ipv4:127.0.0.1:50000</c>, <c>ipv6:[::1]:50000</c>,
/// <c>unknown</c> without an address. Written into the record without making the string (<see cref="DecisionAuditRecord"/>).
/// </summary>
/// <param name="Address">The remote address, null when the connection has none (an in-memory test server).</param>
/// <param name="Port">The remote port.</param>
public readonly record struct PeerAddress(IPAddress? Address, int Port)
{
    /// <summary>The longest name: "ipv6:[" + an IPv6 address with a scope id + "]:" + a port.</summary>
    internal const int MaxLength = 96;

    /// <summary>The address in gRPC's naming.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxLength];
        return TryFormat(text, out var length) ? new string(text[..length]) : "unknown";
    }

    /// <summary>Writes the address in gRPC's naming; false when <paramref name="destination"/> is too short.</summary>
    internal bool TryFormat(Span<char> destination, out int length)
    {
        length = 0;
        if (Address is null)
        {
            return Append(destination, ref length, "unknown");
        }

        var (prefix, open, close) = Address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ("ipv4:", "", ""),
            AddressFamily.InterNetworkV6 => ("ipv6:", "[", "]"),
            _ => ("unknown:", "", ""),
        };
        if (!Append(destination, ref length, prefix) || !Append(destination, ref length, open) ||
            !Address.TryFormat(destination[length..], out var written))
        {
            return false;
        }

        length += written;
        if (!Append(destination, ref length, close) || !Append(destination, ref length, ":") ||
            !Port.TryFormat(destination[length..], out written, provider: CultureInfo.InvariantCulture))
        {
            return false;
        }

        length += written;
        return true;
    }

    private static bool Append(Span<char> destination, ref int length, string text)
    {
        if (!text.TryCopyTo(destination[length..]))
        {
            return false;
        }

        length += text.Length;
        return true;
    }
}
