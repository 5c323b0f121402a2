using System.CommandLine;
using ComplianceService.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>check</c> and <c>advise</c>: ask a running server (over gRPC, the generated client) and print the decision card.
/// The request is given with the flags of <see cref="RequestOptions"/>.
/// </summary>
internal static class DecisionCommands
{
    /// <summary>The server asked when <c>--server</c> is not given (the server's default gRPC address).</summary>
    public const string DefaultServer = "http://127.0.0.1:50051";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static Command Check(CliConsole console)
    {
        var o = new RequestOptions();
        var server = Server();
        var format = Format();
        var command = new Command("check", "Ask a running server about one action during an encounter (--action), or one federal request (--request), and print the decision card")
        {
            server, o.Jurisdiction, o.Action, o.Contact, o.Role, o.Crime, o.Request, o.Agency, o.Facts, o.UnknownFacts, o.AsOf, o.IncidentId, format,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var message = o.ActionOrRequest(parseResult, "check");
            var json = IsJson(parseResult.GetValue(format));
            var address = parseResult.GetValue(server)!;
            using var channel = Channel(address);
            var client = new ComplianceGrpc.ComplianceServiceClient(channel);
            var decision = await CallAsync(address, () => message is CooperationRequest cooperation
                ? client.CheckCooperationRequestAsync(cooperation, Options()).ResponseAsync
                : client.CheckEncounterAsync((EncounterRequest)message, Options()).ResponseAsync).ConfigureAwait(false);
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
        var o = new RequestOptions();
        var server = Server();
        var format = Format();
        var command = new Command("advise", "Ask a running server about every action for one encounter and print one row per action")
        {
            server, o.Jurisdiction, o.Contact, o.Role, o.Crime, o.Facts, o.UnknownFacts, o.AsOf, o.IncidentId, format,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var json = IsJson(parseResult.GetValue(format));
            var address = parseResult.GetValue(server)!;
            using var channel = Channel(address);
            var client = new ComplianceGrpc.ComplianceServiceClient(channel);
            var advice = await CallAsync(address, () => client.AdviseEncounterAsync(o.Encounter(parseResult, null), Options()).ResponseAsync).ConfigureAwait(false);
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

    private static Option<string> Server() => new("--server", "-s")
    {
        Description = "The server's gRPC address",
        DefaultValueFactory = _ => DefaultServer,
    };

    private static Option<string> Format() => new Option<string>("--format")
    {
        Description = "table (the decision card) or json (the reply as proto3 JSON)",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

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
}
