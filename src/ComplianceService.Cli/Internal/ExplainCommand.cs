using System.CommandLine;
using System.Text.Json;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Wire;
using Google.Protobuf;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>explain</c>: decide one request from the policy files, rule by rule (the reference semantics the
/// compiler fills its tables with), and print why: each source of the chain, which rule answered and why
/// the rules before it did not, the sources not in force, then how the answers combined. With
/// <c>--bundle</c>, what a compiled bundle keeps of it (each source's cited answer, no conditions).
/// The request is given as JSON (<c>--request-json</c>, the REST API's EncounterRequest or
/// CooperationRequest) or with the flags of <c>check</c>.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var o = new RequestOptions();
        o.Jurisdiction.Required = false; // the JSON gives it, else the request reader names it
        var json = new Option<string?>("--request-json")
        {
            Description = "The request as JSON, a file or - for standard input: the body of POST /v1/encounters:check "
                + "(EncounterRequest) or /v1/cooperation-requests:check (CooperationRequest, told apart by its 'request' field)",
        };
        var policies = CommonOptions.Policies();
        var bundle = new Option<FileInfo?>("--bundle", "-b")
        {
            Description = "Explain with a compiled bundle instead of the policy files (its answer and citations; a bundle keeps no conditions)",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (the explanation) or json (the same, one object)",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("explain", "Decide one request from the policy files rule by rule and print why: each source's matching rule and the rules before it that did not hold (their conditions and the facts read), sources not in force, how the sources combined")
        {
            json, o.Jurisdiction, o.Action, o.Contact, o.Role, o.Crime, o.Request, o.Agency, o.Facts, o.UnknownFacts, o.AsOf, policies, bundle, format,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var message = parseResult.GetValue(json) is { } path
                ? ReadJson(path, parseResult, o)
                : o.ActionOrRequest(parseResult, "explain");
            var bundleFile = parseResult.GetValue(bundle);
            if (bundleFile is not null && parseResult.GetResult(policies) is { Implicit: false })
            {
                throw new CommandFailure(ExitCodes.Usage, "explain: give --policies (the files, rule by rule) or --bundle (a compiled bundle), not both");
            }

            var explanation = bundleFile is null
                ? await FromFolderAsync(console, parseResult.GetValue(policies)!, message).ConfigureAwait(false)
                : await FromBundleAsync(bundleFile, message).ConfigureAwait(false);
            if (parseResult.GetValue(format) == "json")
            {
                ExplainReport.WriteJson(console, explanation);
            }
            else
            {
                ExplainReport.Write(console, explanation);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON request of <c>--request-json</c> (a file, or - for standard input), parsed as proto3 JSON.</summary>
    private static IMessage ReadJson(string path, ParseResult parseResult, RequestOptions flags)
    {
        if (flags.Fields.Any(option => parseResult.GetResult(option) is { Implicit: false }))
        {
            throw new CommandFailure(ExitCodes.Usage, "explain: give the request as --request-json or as flags (--jurisdiction, --action, ...), not both");
        }

        string text;
        if (path == "-")
        {
            text = Console.In.ReadToEnd();
        }
        else if (!File.Exists(path))
        {
            throw new CommandFailure(ExitCodes.Usage, $"--request-json: file not found: {Path.GetFullPath(path)}");
        }
        else
        {
            text = File.ReadAllText(path);
        }

        bool cooperation;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CommandFailure(ExitCodes.Usage, "--request-json: expected a JSON object (an EncounterRequest or a CooperationRequest)");
            }

            // A cooperation request has 'request' (and 'agency', 'basis'); an encounter has 'action' and 'facts'.
            cooperation = document.RootElement.EnumerateObject().Any(p => p.Name is "request" or "agency" or "basis");
        }
        catch (JsonException ex)
        {
            throw new CommandFailure(ExitCodes.Usage, $"--request-json: not JSON: {ex.Message}");
        }

        try
        {
            return cooperation ? JsonParser.Default.Parse<CooperationRequest>(text) : JsonParser.Default.Parse<EncounterRequest>(text);
        }
        catch (InvalidProtocolBufferException ex)
        {
            // e.g. "Unknown field: contact" or "Invalid enum value: FLY for enum type: compliance.v1.Action"
            throw new CommandFailure(ExitCodes.Usage, $"--request-json: not a valid {(cooperation ? "CooperationRequest" : "EncounterRequest")}: {ex.Message}");
        }
        catch (InvalidJsonException ex)
        {
            throw new CommandFailure(ExitCodes.Usage, $"--request-json: {ex.Message}");
        }
    }

    private static async Task<PolicyExplanation> FromFolderAsync(CliConsole console, DirectoryInfo folder, IMessage message)
    {
        if (!folder.Exists)
        {
            throw new CommandFailure(ExitCodes.Usage, $"policy folder not found: {folder.FullName}");
        }

        var explainer = await console.ProgressAsync(
            $"Reading {folder.FullName}",
            () => Task.Run(() => PolicyExplainer.Read(PolicyFolder.ReadPolicies(folder.FullName), out var diagnostics) ?? Fail(folder, diagnostics, console))).ConfigureAwait(false);
        var explanation = message is CooperationRequest cooperation
            ? explainer.Explain(Read(cooperation))
            : explainer.Explain(Read((EncounterRequest)message));
        return explanation ?? throw UnknownJurisdiction(message);
    }

    private static async Task<PolicyExplanation> FromBundleAsync(FileInfo file, IMessage message)
    {
        if (!file.Exists)
        {
            throw new CommandFailure(ExitCodes.Usage, $"bundle file not found: {file.FullName}");
        }

        PolicySnapshot snapshot;
        try
        {
            snapshot = PolicySnapshot.Load(VerifiedBundle.Of(await File.ReadAllBytesAsync(file.FullName).ConfigureAwait(false)));
        }
        catch (PolicyBundleException ex)
        {
            throw new CommandFailure(ExitCodes.Usage, $"{file.FullName}: not a policy bundle: {ex.Message}");
        }

        var explanation = message is CooperationRequest cooperation
            ? BundleExplanation.Explain(snapshot, Read(cooperation))
            : BundleExplanation.Explain(snapshot, Read((EncounterRequest)message));
        return explanation ?? throw UnknownJurisdiction(message);
    }

    private static PolicyExplainer Fail(DirectoryInfo folder, IReadOnlyList<PolicyDiagnostic> diagnostics, CliConsole console)
    {
        foreach (var diagnostic in diagnostics)
        {
            console.OutWriter.WriteLine(diagnostic.ToString());
        }

        throw new CommandFailure(ExitCodes.PolicyFailure, $"{diagnostics.Count} error(s) in {folder.FullName}");
    }

    // The server's own request reader: a request explain accepts is one the server accepts, and a refusal names the field.
    private static EncounterQuery Read(EncounterRequest request) =>
        RequestReader.ReadEncounter(request, DateTime.UtcNow, out var query) is { } error ? throw Refused(error) : query;

    private static CooperationQuery Read(CooperationRequest request) =>
        RequestReader.ReadCooperation(request, DateTime.UtcNow, out var query) is { } error ? throw Refused(error) : query;

    private static CommandFailure Refused(RequestError error) => new(ExitCodes.Usage, $"the request: {error.Message}");

    private static CommandFailure UnknownJurisdiction(IMessage message) =>
        Refused(RequestReader.UnknownJurisdiction(message is CooperationRequest cooperation ? cooperation.Jurisdiction : ((EncounterRequest)message).Jurisdiction));
}
