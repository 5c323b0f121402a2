using System.CommandLine;
using System.Globalization;
using System.Text;
using ComplianceService.Audit;
using ComplianceService.Store;
using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary><c>audit search|export|verify</c>: the decision audit trail, for auditors. Reading it is itself recorded.</summary>
internal static class AuditCommand
{
    private const int ProgressEvery = 10_000;

    public static Command Create(CliConsole console) => new("audit", "Read the decision audit trail (a server's folder, or the Redis stream of every server): search, export (JSONL or CSV) and verify its hash chains")
    {
        Verify(console),
        Export(console),
        Search(console),
    };

    /// <summary>Where the trail is read: a server's audit folder (<c>--dir</c>) or the Redis stream every server copies to (<c>--redis</c>).</summary>
    private sealed class Source
    {
        private readonly Option<DirectoryInfo> _dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "An audit folder (a server's Compliance:Audit:Directory)",
        }.AcceptExistingOnly();

        private readonly Option<string?> _redis = CommonOptions.Redis();
        private readonly Option<string> _prefix = CommonOptions.Prefix();

        public void AddTo(Command command)
        {
            command.Add(_dir);
            command.Add(_redis);
            command.Add(_prefix);
        }

        /// <summary>Every line of the trail, and how to record that someone read it.</summary>
        public async Task<(IReadOnlyList<AuditEntry> Entries, Func<AuditRecord, Task> RecordAccess, string Describe)> ReadAsync(ParseResult parse)
        {
            var dir = parse.GetValue(_dir);
            var redis = parse.GetValue(_redis) ?? Environment.GetEnvironmentVariable(CommonOptions.RedisEnvironmentVariable);
            if ((dir is null) == string.IsNullOrWhiteSpace(redis))
            {
                throw new CommandFailure(ExitCodes.Usage, "give the trail to read: --dir FOLDER or --redis CONNECTION (one of them)");
            }

            if (dir is not null)
            {
                var directory = dir.FullName;
                return ([.. AuditTrail.Read(directory)], access => RecordInFolderAsync(directory, access), directory);
            }

            var options = new PolicyStoreOptions { ConnectionString = redis!, KeyPrefix = parse.GetValue(_prefix)!, ConnectTimeout = TimeSpan.FromSeconds(3), OperationTimeout = TimeSpan.FromSeconds(30) };
            RedisAuditStore store;
            try
            {
                store = await RedisAuditStore.ConnectAsync(options, TimeSpan.FromDays(366)).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new CommandFailure(ExitCodes.Usage, e.Message);
            }

            var entries = new List<AuditEntry>();
            try
            {
                await foreach (var (writer, line) in store.ReadAsync().ConfigureAwait(false))
                {
                    entries.Add(new AuditEntry(writer, "redis " + store.StreamKey, entries.Count + 1, line));
                }
            }
            catch (PolicyStoreException e)
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw new CommandFailure(ExitCodes.StoreUnavailable, e.Message);
            }

            return (entries, access => RecordInRedisAsync(store, entries, access), store.StreamKey);
        }
    }

    private static Command Verify(CliConsole console)
    {
        var source = new Source();
        var command = new Command("verify", "Check every chain: names each changed, removed or reordered record; exit 7 if any");
        source.AddTo(command);
        CommandActions.Set(command, console, async parseResult =>
        {
            var (entries, _, _) = await source.ReadAsync(parseResult).ConfigureAwait(false);
            var problems = AuditTrail.Verify(entries);
            var records = entries.Count;
            foreach (var problem in problems)
            {
                console.OutWriter.WriteLine("BROKEN " + problem);
            }

            var writers = entries.Select(e => e.Writer).Distinct(StringComparer.Ordinal).Count();
            console.OutWriter.WriteLine(problems.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"OK: {records} records in {writers} chains, every hash and link intact")
                : string.Create(CultureInfo.InvariantCulture, $"FAILED: {problems.Count} problems in {records} records of {writers} chains"));
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.AuditTrailBroken;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var source = new Source();
        var filters = new Filters();
        var format = new Option<string>("--format") { Description = "jsonl (one JSON object per line) or csv", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var command = new Command("export", "Print the matching decision records, one per line (progress on standard error)") { format };
        source.AddTo(command);
        filters.AddTo(command);
        CommandActions.Set(command, console, async parseResult =>
        {
            var (entries, recordAccess, _) = await source.ReadAsync(parseResult).ConfigureAwait(false);
            var csv = parseResult.GetValue(format) == "csv";
            if (csv)
            {
                console.OutWriter.WriteLine(Csv.Header);
            }

            var count = 0;
            foreach (var record in filters.Select(parseResult, AuditTrail.Records(entries)))
            {
                console.OutWriter.WriteLine(csv ? Csv.Line(record) : AuditTrail.ToJson(record));
                if (++count % ProgressEvery == 0)
                {
                    console.ErrorWriter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exported {count} records..."));
                }
            }

            console.ErrorWriter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exported {count} records"));
            await recordAccess(Access("export " + filters.Describe(parseResult) + " as " + parseResult.GetValue(format), count)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Search(CliConsole console)
    {
        var source = new Source();
        var filters = new Filters();
        var command = new Command("search", "Show the matching decision records as a table");
        source.AddTo(command);
        filters.AddTo(command);
        CommandActions.Set(command, console, async parseResult =>
        {
            var (entries, recordAccess, _) = await source.ReadAsync(parseResult).ConfigureAwait(false);
            var table = new Table().AddColumns("time", "decision", "caller", "jurisdiction", "action / request", "outcome", "revision", "incident");
            var count = 0;
            foreach (var record in filters.Select(parseResult, AuditTrail.Records(entries)))
            {
                count++;
                table.AddRow(
                    new Text(record.Time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
                    new Text(record.DecisionId),
                    new Text(record.Caller),
                    new Text(record.Jurisdiction),
                    new Text(record.Action ?? record.Request ?? ""),
                    new Text(record.Outcome),
                    new Text(record.Revision.Length > 12 ? record.Revision[..12] : record.Revision),
                    new Text(record.IncidentId ?? ""));
            }

            console.Out.Write(table);
            console.OutWriter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} records"));
            await recordAccess(Access("search " + filters.Describe(parseResult), count)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string ReaderChain => "reader-" + string.Concat(Environment.UserName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    // Who read what, and when: a record in the reader's own chain, beside the records read.
    private static AuditRecord Access(string what, int count) => new()
    {
        DecisionId = Guid.CreateVersion7().ToString(),
        Time = DateTimeOffset.UtcNow,
        Method = "compliancectl audit",
        Caller = Environment.UserName,
        Instance = Environment.MachineName,
        Jurisdiction = "",
        Outcome = "",
        Revision = "",
        Access = string.Create(CultureInfo.InvariantCulture, $"{what}: {count} records"),
    };

    private static async Task RecordInFolderAsync(string directory, AuditRecord access)
    {
        try
        {
            await using var chain = AuditSegmentWriter.Open(directory, ReaderChain);
            chain.Append(access);
        }
        catch (Exception e) when (e is AuditUnavailableException or IOException or UnauthorizedAccessException)
        {
            throw new CommandFailure(ExitCodes.Usage, "the read was not recorded in the audit folder (" + e.Message + "); it must be writable by auditors");
        }
    }

    // The reader's chain in the stream continues from its last record there.
    private static async Task RecordInRedisAsync(RedisAuditStore store, IReadOnlyList<AuditEntry> entries, AuditRecord access)
    {
        await using (store.ConfigureAwait(false))
        {
            var writer = ReaderChain;
            long seq = 0;
            var prev = AuditChain.Origin;
            foreach (var entry in entries.Where(e => e.Writer == writer))
            {
                if (AuditChain.TryParse(entry.Line, out var s, out _, out var hash, out _))
                {
                    (seq, prev) = (s, hash);
                }
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            AuditChain.Append(buffer, seq + 1, prev, Encoding.UTF8.GetBytes(AuditTrail.ToJson(access)));
            var line = Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n');
            try
            {
                await store.AppendAsync(writer, [(access.DecisionId, access.Time, line)]).ConfigureAwait(false);
            }
            catch (PolicyStoreException e)
            {
                throw new CommandFailure(ExitCodes.StoreUnavailable, "the read was not recorded in Redis: " + e.Message);
            }
        }
    }

    /// <summary>The record filters of export and search.</summary>
    private sealed class Filters
    {
        private readonly Option<DateTimeOffset?> _from = new("--from") { Description = "Records at or after this time (ISO 8601, e.g. 2026-11-30T00:00:00Z)" };
        private readonly Option<DateTimeOffset?> _to = new("--to") { Description = "Records before this time" };
        private readonly Option<string?> _jurisdiction = new("--jurisdiction") { Description = "Only this jurisdiction id" };
        private readonly Option<string?> _outcome = new("--outcome") { Description = "Only this outcome, e.g. OUTCOME_PROHIBITED" };
        private readonly Option<string?> _decision = new("--decision-id") { Description = "Only this decision id" };
        private readonly Option<string?> _incident = new("--incident-id") { Description = "Only this incident id (as stored: its hmac-sha256 value when incident ids are hashed)" };
        private readonly Option<string?> _revision = new("--revision") { Description = "Only decisions of this policy revision (or a prefix of it)" };
        private readonly Option<bool> _access = new("--include-access") { Description = "Also the records of people reading the trail" };

        public void AddTo(Command command)
        {
            command.Add(_from);
            command.Add(_to);
            command.Add(_jurisdiction);
            command.Add(_outcome);
            command.Add(_decision);
            command.Add(_incident);
            command.Add(_revision);
            command.Add(_access);
        }

        public IEnumerable<AuditRecord> Select(ParseResult parse, IEnumerable<AuditRecord> records)
        {
            var from = parse.GetValue(_from);
            var to = parse.GetValue(_to);
            var jurisdiction = parse.GetValue(_jurisdiction);
            var outcome = parse.GetValue(_outcome);
            var decision = parse.GetValue(_decision);
            var incident = parse.GetValue(_incident);
            var revision = parse.GetValue(_revision);
            var access = parse.GetValue(_access);
            return records.Where(r =>
                (access || r.Access is null) &&
                (from is null || r.Time >= from) &&
                (to is null || r.Time < to) &&
                (jurisdiction is null || r.Jurisdiction == jurisdiction) &&
                (outcome is null || string.Equals(r.Outcome, outcome, StringComparison.OrdinalIgnoreCase)) &&
                (decision is null || r.DecisionId == decision) &&
                (incident is null || r.IncidentId == incident) &&
                (revision is null || r.Revision.StartsWith(revision, StringComparison.Ordinal)));
        }

        public string Describe(ParseResult parse)
        {
            var parts = new List<string>();
            foreach (var option in new Option[] { _from, _to, _jurisdiction, _outcome, _decision, _incident, _revision })
            {
                if (parse.GetResult(option) is { Implicit: false } result && result.Tokens.Count > 0)
                {
                    parts.Add(option.Name + " " + string.Join(' ', result.Tokens.Select(t => t.Value)));
                }
            }

            return parts.Count == 0 ? "(all records)" : string.Join(' ', parts);
        }
    }

    /// <summary>Records as CSV (RFC 4180 quoting; lists joined with ';').</summary>
    private static class Csv
    {
        public const string Header = "decision_id,time,method,caller,peer,instance,jurisdiction,action,request,agency,contact,role,crime,facts,unknown_facts,as_of,outcome,obligations,sources,revision,incident_id";

        public static string Line(AuditRecord r) => string.Join(',', new[]
        {
            r.DecisionId, Time(r.Time), r.Method, r.Caller, r.Peer, r.Instance, r.Jurisdiction, r.Action, r.Request, r.Agency, r.Contact, r.Role, r.Crime,
            string.Join(';', r.Facts), string.Join(';', r.UnknownFacts), r.AsOf is { } asOf ? Time(asOf) : null, r.Outcome,
            string.Join(';', r.Obligations), string.Join(';', r.Sources), r.Revision, r.IncidentId,
        }.Select(Field));

        private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static string Field(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return "";
            }

            return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : new StringBuilder("\"").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
        }
    }
}
