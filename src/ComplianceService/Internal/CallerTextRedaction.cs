using System.Collections;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceService.Internal;

/// <summary>
/// Keeps what callers send out of the framework's log lines, at every level. Grpc.AspNetCore and ASP.NET Core put
/// request text into their messages: the status detail of every refused call (<c>Error status code 'NotFound' with
/// detail 'jurisdiction: unknown jurisdiction ...'</c>, at Information, so an unknown jurisdiction such as a person's
/// name was logged), the path of an unknown service or method, a request's content type, <c>grpc-timeout</c> or
/// <c>grpc-encoding</c>, the request path in routing's Debug lines, the subject of a refused client certificate.
/// For categories under <c>Grpc.AspNetCore</c> and <c>Microsoft.AspNetCore</c>, every string value of a log record
/// whose name is not known to be the server's own (connection and request ids, route patterns, scheme names) is
/// replaced by <c>[withheld]</c>, and below Warning the exception (whose message can quote the same text, as an
/// <c>RpcException</c> does) is replaced by its type name. Values that are not strings (status codes, sizes, times)
/// and the host's own log lines are unchanged.
/// </summary>
internal static partial class CallerTextRedaction
{
    public const string Withheld = "[withheld]";

    private static readonly string[] Prefixes = ["Grpc.AspNetCore.", "Microsoft.AspNetCore."];

    private static readonly HashSet<string> ServerValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "{OriginalFormat}", "ConnectionId", "TraceIdentifier", "RequestId", "EndpointName", "RoutePattern",
        "ServiceMethod", "AuthenticationScheme", "Scheme", "PolicyName", "Policy", "EndpointDisplayName",
        "DisplayName", "ContentRoot", "EnvironmentName", "ApplicationName", "Address", "Addresses", "Endpoint",
        "HostingStartupAssembly", "Protocol", "Protocols", "ErrorCode", "ApplicationProtocol",
    };

    internal static bool Redacts(string category)
    {
        foreach (var prefix in Prefixes)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\{([^{}:,]+)(?:[:,][^{}]*)?\}")]
    private static partial Regex Placeholder();

    internal sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var redact = exception is not null && logLevel < LogLevel.Warning;
            if (values is not null)
            {
                foreach (var (key, value) in values)
                {
                    redact |= value is string && !ServerValues.Contains(key);
                }
            }
            else
            {
                // A record without named values (a plain message): its text may be anything.
                redact = true;
            }

            if (!redact)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(values, exception is not null && logLevel < LogLevel.Warning ? exception.GetType().Name : null);
            inner.Log(logLevel, eventId, redacted, logLevel < LogLevel.Warning ? null : exception, static (s, _) => s.ToString());
        }
    }

    private sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = [];
        private readonly string _message;

        public RedactedState(IReadOnlyList<KeyValuePair<string, object?>>? values, string? exceptionType)
        {
            var template = Withheld;
            foreach (var (key, value) in values ?? [])
            {
                if (key == "{OriginalFormat}")
                {
                    template = value as string ?? Withheld;
                }

                _values.Add(new(key, value is string && !ServerValues.Contains(key) ? Withheld : value));
            }

            var message = new StringBuilder(Placeholder().Replace(template, match =>
            {
                var name = match.Groups[1].Value;
                foreach (var (key, value) in _values)
                {
                    if (string.Equals(key, name, StringComparison.Ordinal))
                    {
                        return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "(null)";
                    }
                }

                return match.Value;
            }));
            if (exceptionType is not null)
            {
                message.Append(" (").Append(exceptionType).Append(", message withheld)");
            }

            _message = message.ToString();
        }

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _message;
    }
}
