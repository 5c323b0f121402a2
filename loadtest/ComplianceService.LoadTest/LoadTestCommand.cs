using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ComplianceService.LoadTest.Internal;

namespace ComplianceService.LoadTest;

/// <summary>
/// The <c>compliance-loadtest</c> command line.
/// </summary>
/// <remarks>
/// Exit codes: 0 every call OK; 1 bad arguments; 2 the run finished but some calls failed or were
/// abandoned. The summary goes to standard output, the once-a-second progress line to standard error.
/// </remarks>
public static class LoadTestCommand
{
    /// <summary>Exit code when the run finished with failed or abandoned calls.</summary>
    public const int ExitCallsFailed = 2;

    /// <summary>Parses and runs.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Summary output (default: standard output).</param>
    /// <param name="error">Progress and error output (default: standard error).</param>
    /// <param name="cancellationToken">Stops the load early.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        return Create().Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Builds the root command.</summary>
    /// <returns>The command.</returns>
    public static RootCommand Create()
    {
        var target = new Option<Uri>("--target")
        {
            Description = "The server (h2c or https).",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:50051"),
            CustomParser = ParseAddress,
        };
        var rate = new Option<double>("--rate") { Description = "Open loop: requests per second.", DefaultValueFactory = _ => 1000 };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "Measured phase: 10, 10s, 500ms, 2m.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
            CustomParser = r => ParseDuration(r, mustBePositive: true),
        };
        var warmup = new Option<TimeSpan>("--warmup")
        {
            Description = "Unrecorded warm-up with the same load (0 for none).",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
            CustomParser = r => ParseDuration(r, mustBePositive: false),
        };
        var connections = new Option<int>("--connections") { Description = "HTTP/2 connections, round-robin.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Closed loop: concurrent callers.", DefaultValueFactory = _ => 1 };
        var mode = new Option<string>("--mode") { Description = "open: fixed rate, latency from intended send time; closed: back-to-back callers.", DefaultValueFactory = _ => "open" };
        mode.AcceptOnlyFromAmong("open", "closed");
        var mix = new Option<string>("--mix") { Description = "Which calls.", DefaultValueFactory = _ => "mixed" };
        mix.AcceptOnlyFromAmong("encounter", "cooperation", "mixed", "health");
        var deadline = new Option<int>("--deadline-ms") { Description = "Per-call deadline in ms (grpc-timeout); 0 for none.", DefaultValueFactory = _ => 0 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: calls in flight at most; later requests wait, measured from their intended time.", DefaultValueFactory = _ => 10_000 };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON to this file." };
        var svg = new Option<string?>("--svg") { Description = "Write a latency-by-percentile chart (SVG) to this file." };
        var compare = new Option<string?>("--compare") { Description = "Run the same load against a second server URL, or 'health' for the health check on the same server; report both and the ratios." };
        var seed = new Option<int>("--seed") { Description = "Seed of the request mix.", DefaultValueFactory = _ => 1 };
        var client = new Option<string>("--client") { Description = "Target implementation.", DefaultValueFactory = _ => LoadTargets.Typed };
        client.AcceptOnlyFromAmong([.. LoadTargets.Known.Keys]);
        var quiet = new Option<bool>("--quiet") { Description = "No progress line." };

        Require(rate, v => v is > 0 and < 10_000_000, "--rate must be between 0 and 10,000,000 requests per second");
        Require(connections, v => v is >= 1 and <= 1024, "--connections must be 1..1024");
        Require(concurrency, v => v is >= 1 and <= 100_000, "--concurrency must be 1..100000");
        Require(deadline, v => v >= 0, "--deadline-ms must not be negative");
        Require(maxInFlight, v => v >= 1, "--max-in-flight must be at least 1");
        Require(compare, v => v is null || v == "health" || IsServerAddress(v), "--compare must be 'health' or an http(s) URL");

        var root = new RootCommand("Load tester for ComplianceService: open-loop (fixed rate, no coordinated omission) or closed-loop gRPC load, with percentiles, JSON and an SVG chart.")
        {
            target, rate, duration, warmup, connections, concurrency, mode, mix, deadline, maxInFlight, json, svg, compare, seed, client, quiet,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var deadlineMs = parse.GetValue(deadline);
            var options = new LoadTestOptions
            {
                Target = parse.GetValue(target)!,
                Compare = parse.GetValue(compare),
                Mix = Enum.Parse<MixKind>(parse.GetValue(mix)!, ignoreCase: true),
                Client = parse.GetValue(client)!,
                Seed = parse.GetValue(seed),
                JsonPath = parse.GetValue(json),
                SvgPath = parse.GetValue(svg),
                TargetSettings = new LoadTargetSettings
                {
                    Connections = parse.GetValue(connections),
                    Deadline = deadlineMs > 0 ? TimeSpan.FromMilliseconds(deadlineMs) : null,
                },
                Profile = new LoadProfile
                {
                    Mode = parse.GetValue(mode) == "closed" ? LoadMode.Closed : LoadMode.Open,
                    Rate = parse.GetValue(rate),
                    Duration = parse.GetValue(duration),
                    Warmup = parse.GetValue(warmup),
                    Concurrency = parse.GetValue(concurrency),
                    MaxInFlight = parse.GetValue(maxInFlight),
                },
            };
            var configuration = parse.InvocationConfiguration;
            return await RunAsync(options, configuration.Output, parse.GetValue(quiet) ? null : configuration.Error, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    /// <summary>Runs the load (and the comparison run), prints the summaries, writes the files.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="output">Where the summary goes.</param>
    /// <param name="progress">Where the progress line goes, or null.</param>
    /// <param name="cancellationToken">Stops the load early.</param>
    /// <returns>The exit code: 0, or <see cref="ExitCallsFailed"/>.</returns>
    public static async Task<int> RunAsync(LoadTestOptions options, TextWriter output, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var factory = LoadTargets.Known[options.Client];
        var mix = RequestMix.Create(options.Mix, options.Seed);
        var runs = new List<LoadRunResult>(2)
        {
            await RunOneAsync(factory, options.Target, mix, options, progress, cancellationToken).ConfigureAwait(false),
        };
        if (options.Compare is { } compare)
        {
            var (address, compareMix) = compare == "health"
                ? (options.Target, RequestMix.Health())
                : (new Uri(compare), mix);
            runs.Add(await RunOneAsync(factory, address, compareMix, options, progress, cancellationToken).ConfigureAwait(false));
        }

        foreach (var run in runs)
        {
            LoadSummary.Write(output, run);
        }

        if (runs.Count == 2)
        {
            LoadSummary.WriteComparison(output, runs[0], runs[1]);
        }

        if (options.JsonPath is { } jsonPath)
        {
            LoadResultJson.WriteFile(jsonPath, options, runs);
            await output.WriteLineAsync("wrote " + jsonPath).ConfigureAwait(false);
        }

        if (options.SvgPath is { } svgPath)
        {
            var subtitle = LoadSummary.Describe(options.Profile) + string.Create(CultureInfo.InvariantCulture, $", {options.TargetSettings.Connections} connection(s), {options.Client} client");
            LatencyChart.WriteFile(svgPath, runs, "ComplianceService latency by percentile", subtitle);
            await output.WriteLineAsync("wrote " + svgPath).ConfigureAwait(false);
        }

        foreach (var run in runs)
        {
            if (run.Errors > 0 || run.Counts.Abandoned > 0)
            {
                return ExitCallsFailed;
            }
        }

        return 0;
    }

    private static async Task<LoadRunResult> RunOneAsync(
        LoadTargetFactory factory,
        Uri address,
        RequestMix mix,
        LoadTestOptions options,
        TextWriter? progress,
        CancellationToken cancellationToken)
    {
        var target = factory(address, mix, options.TargetSettings);
        try
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"{address.GetLeftPart(UriPartial.Authority)} {mix.Kind.ToString().ToLowerInvariant()}");
            if (progress is not null)
            {
                await progress.WriteLineAsync("loading " + label + ": " + LoadSummary.Describe(options.Profile)).ConfigureAwait(false);
            }

            return await LoadRunner.RunAsync(target, options.Profile, label, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static Uri ParseAddress(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!IsServerAddress(text))
        {
            result.AddError($"'{text}' is not an http:// or https:// server address");
            return new Uri("http://127.0.0.1:50051");
        }

        return new Uri(text);
    }

    private static bool IsServerAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static TimeSpan ParseDuration(ArgumentResult result, bool mustBePositive)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (!DurationText.TryParse(text, out var value))
        {
            result.AddError($"'{text}' is not a duration (e.g. 10, 10s, 500ms, 2m)");
        }
        else if (mustBePositive && value <= TimeSpan.Zero)
        {
            result.AddError($"'{text}': the duration must be positive");
        }

        return value;
    }

    private static void Require<T>(Option<T> option, Func<T, bool> isValid, string message) =>
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // The value did not convert; the parser has already reported that.
                return;
            }

            if (!isValid(value))
            {
                result.AddError(message);
            }
        });
}
