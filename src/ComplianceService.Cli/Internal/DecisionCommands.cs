using System.CommandLine;
using System.Globalization;
using ComplianceService.Contracts.V1;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Action = ComplianceService.Contracts.V1.Action;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>check</c> and <c>advise</c>: ask a running server (over gRPC, the generated client) and print the decision card.
/// Values are given by name, with or without their enum's prefix (<c>--fact STATUS_IN_QUESTION</c>).
/// </summary>
internal static class DecisionCommands
{
    /// <summary>The server asked when <c>--server</c> is not given (the server's default gRPC address).</summary>
    public const string DefaultServer = "http://127.0.0.1:50051";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static Command Check(CliConsole console)
    {
        var o = new DecisionOptions();
        var command = new Command("check", "Ask a running server about one action during an encounter (--action), or one federal request (--request), and print the decision card")
        {
            o.Server, o.Jurisdiction, o.Action, o.Contact, o.Role, o.Crime, o.Request, o.Agency, o.Facts, o.UnknownFacts, o.AsOf, o.IncidentId, o.Format,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var action = parseResult.GetValue(o.Action);
            var request = parseResult.GetValue(o.Request);
            if ((action is null) == (request is null))
            {
                throw new CommandFailure(ExitCodes.Usage, "check: give either --action (an encounter) or --request (a federal cooperation request)");
            }

            var json = IsJson(parseResult.GetValue(o.Format));
            using var channel = Channel(parseResult.GetValue(o.Server)!);
            var client = new ComplianceGrpc.ComplianceServiceClient(channel);
            var decision = await CallAsync(parseResult.GetValue(o.Server)!, () => request is null
                ? client.CheckEncounterAsync(o.Encounter(parseResult, action), Options()).ResponseAsync
                : client.CheckCooperationRequestAsync(o.Cooperation(parseResult, request), Options()).ResponseAsync).ConfigureAwait(false);
            if (json)
            {
                DecisionCard.WriteJson(console, decision);
            }
            else
            {
                DecisionCard.Write(console, decision);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Advise(CliConsole console)
    {
        var o = new DecisionOptions();
        var command = new Command("advise", "Ask a running server about every action for one encounter and print one row per action")
        {
            o.Server, o.Jurisdiction, o.Contact, o.Role, o.Crime, o.Facts, o.UnknownFacts, o.AsOf, o.IncidentId, o.Format,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var json = IsJson(parseResult.GetValue(o.Format));
            using var channel = Channel(parseResult.GetValue(o.Server)!);
            var client = new ComplianceGrpc.ComplianceServiceClient(channel);
            var advice = await CallAsync(parseResult.GetValue(o.Server)!, () => client.AdviseEncounterAsync(o.Encounter(parseResult, null), Options()).ResponseAsync).ConfigureAwait(false);
            if (json)
            {
                DecisionCard.WriteJson(console, advice);
            }
            else
            {
                DecisionCard.Write(console, advice);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool IsJson(string? format) => format switch
    {
        "table" => false,
        "json" => true,
        _ => throw new CommandFailure(ExitCodes.Usage, $"--format: '{format}' is not table or json"),
    };

    private static GrpcChannel Channel(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new CommandFailure(ExitCodes.Usage, $"--server: '{server}' is not an http:// or https:// address");
        }

        return GrpcChannel.ForAddress(address);
    }

    private static CallOptions Options() => new(deadline: DateTime.UtcNow.Add(Deadline));

    private static async Task<T> CallAsync<T>(string server, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            // The server names the field it refused (jurisdiction, action, facts, ...).
            throw new CommandFailure(ExitCodes.Usage, $"the server refused the request: {ex.Status.Detail}");
        }
        catch (RpcException ex)
        {
            throw new CommandFailure(ExitCodes.ServerUnavailable, $"{server}: {ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    /// <summary>The options of the two commands (each command gets its own instances).</summary>
    private sealed class DecisionOptions
    {
        public Option<string> Server { get; } = new("--server", "-s")
        {
            Description = "The server's gRPC address",
            DefaultValueFactory = _ => DefaultServer,
        };

        public Option<string> Jurisdiction { get; } = new("--jurisdiction", "-j") { Description = "Jurisdiction id, e.g. us-mo-st-joseph", Required = true };

        public Option<string?> Action { get; } = new("--action", "-a") { Description = "The action, e.g. DETAIN_OR_ARREST" };

        public Option<string?> Contact { get; } = new("--contact", "-c") { Description = "How the contact came about, e.g. TRAFFIC_STOP" };

        public Option<string?> Role { get; } = new("--role") { Description = "The person's role, e.g. SUSPECT" };

        public Option<string?> Crime { get; } = new("--crime") { Description = "The crime (CERTIFY_VISA)" };

        public Option<string?> Request { get; } = new("--request") { Description = "A federal request instead of an action, e.g. DETAINER" };

        public Option<string?> Agency { get; } = new("--agency") { Description = "The requesting agency, e.g. ICE" };

        public Option<string[]> Facts { get; } = new("--fact", "-f")
        {
            Description = "A fact known true (repeatable), e.g. STATUS_IN_QUESTION; the basis of a --request",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };

        public Option<string[]> UnknownFacts { get; } = new("--unknown-fact", "-u")
        {
            Description = "A fact the caller cannot answer (repeatable, at most 4)",
            DefaultValueFactory = _ => [],
        };

        public Option<DateTimeOffset?> AsOf { get; } = new("--as-of") { Description = "Decide for this time (default: now)" };

        public Option<string?> IncidentId { get; } = new("--incident-id") { Description = "Your incident id, echoed in the decision" };

        public Option<string> Format { get; } = new Option<string>("--format")
        {
            Description = "table (the decision card) or json (the reply as proto3 JSON)",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "json");

        public EncounterRequest Encounter(ParseResult parseResult, string? action)
        {
            var request = new EncounterRequest
            {
                Jurisdiction = parseResult.GetValue(Jurisdiction)!,
                IncidentId = parseResult.GetValue(IncidentId) ?? string.Empty,
                IncludeWhatIf = true,
            };
            if (action is not null)
            {
                request.Action = Parse<Action>("--action", action, "Action");
            }

            if (parseResult.GetValue(Contact) is { } contact)
            {
                request.Contact = Parse<Contact>("--contact", contact, "Contact");
            }

            if (parseResult.GetValue(Role) is { } role)
            {
                request.Role = Parse<Role>("--role", role, "Role");
            }

            if (parseResult.GetValue(Crime) is { } crime)
            {
                request.Crime = Parse<Crime>("--crime", crime, "Crime");
            }

            request.Facts.AddRange(parseResult.GetValue(Facts)!.Select(f => Parse<Fact>("--fact", f, "Fact")));
            request.UnknownFacts.AddRange(parseResult.GetValue(UnknownFacts)!.Select(f => Parse<Fact>("--unknown-fact", f, "Fact")));
            if (parseResult.GetValue(AsOf) is { } asOf)
            {
                request.AsOf = Timestamp.FromDateTimeOffset(asOf);
            }

            return request;
        }

        public CooperationRequest Cooperation(ParseResult parseResult, string request)
        {
            var cooperation = new CooperationRequest
            {
                Jurisdiction = parseResult.GetValue(Jurisdiction)!,
                Request = Parse<Request>("--request", request, "Request"),
                IncidentId = parseResult.GetValue(IncidentId) ?? string.Empty,
                IncludeWhatIf = true,
            };
            if (parseResult.GetValue(Agency) is { } agency)
            {
                cooperation.Agency = Parse<Agency>("--agency", agency, "Agency");
            }

            cooperation.Basis.AddRange(parseResult.GetValue(Facts)!.Select(f => Parse<Fact>("--fact", f, "Fact")));
            cooperation.UnknownFacts.AddRange(parseResult.GetValue(UnknownFacts)!.Select(f => Parse<Fact>("--unknown-fact", f, "Fact")));
            if (parseResult.GetValue(AsOf) is { } asOf)
            {
                cooperation.AsOf = Timestamp.FromDateTimeOffset(asOf);
            }

            return cooperation;
        }

        private static TEnum Parse<TEnum>(string option, string name, string enumName)
            where TEnum : struct, System.Enum =>
            WireNames.Parse<TEnum>(option, name, VocabularyReflection.Descriptor.FindTypeByName<EnumDescriptor>(enumName));
    }
}
