using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ComplianceService.FunctionalTests;

/// <summary>Runs an independent client script (Python or Node) and collects what it printed.</summary>
public static class InteropProcess
{
    public const string Python = "/usr/bin/python3";

    private static readonly SemaphoreSlim NpmLock = new(1, 1);
    private static bool _npmReady;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PythonScript => Path.Combine(RepoRoot, "tests", "interop", "python", "interop.py");

    public static string NodeDirectory => Path.Combine(RepoRoot, "tests", "interop", "node");

    public static string NodeScript => Path.Combine(NodeDirectory, "interop.js");

    /// <summary>The script that drives the web console in Chromium (playwright-core).</summary>
    public static string ConsoleBrowserScript => Path.Combine(NodeDirectory, "console-browser.js");

    // The packages of tests/interop/node/package.json.
    private static readonly string[] NodePackages = [Path.Combine("@grpc", "grpc-js"), Path.Combine("@grpc", "proto-loader"), "playwright-core"];

    /// <summary>Runs <c>npm ci</c> once when node_modules lacks a package of package.json.</summary>
    public static async Task EnsureNodeModulesAsync()
    {
        await NpmLock.WaitAsync();
        try
        {
            if (_npmReady || NodePackages.All(p => Directory.Exists(Path.Combine(NodeDirectory, "node_modules", p))))
            {
                _npmReady = true;
                return;
            }

            var result = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), workingDirectory: NodeDirectory);
            Assert.True(result.ExitCode == 0, $"npm ci failed:\n{result.StandardError}");
            _npmReady = true;
        }
        finally
        {
            NpmLock.Release();
        }
    }

    /// <summary>Runs a process; <paramref name="onLine"/> sees each stdout line as it arrives.</summary>
    public static async Task<InteropResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, Func<string, Task>? onLine = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(cts.Token)) is not null)
            {
                stdout.AppendLine(line);
                if (onLine is not null)
                {
                    await onLine(line);
                }
            }

            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout}. Output so far:\n{stdout}\n{await stderr}");
        }

        return new InteropResult(process.ExitCode, stdout.ToString(), await stderr);
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ComplianceService.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ComplianceService.sln not found above the test output.");
    }
}

/// <summary>What an interop script did: exit code, output, and its last JSON line.</summary>
public sealed record InteropResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The JSON object on the last non-empty stdout line; fails the test when the script failed.</summary>
    public JsonElement Json
    {
        get
        {
            Assert.True(ExitCode == 0, $"The client script failed (exit {ExitCode}).\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            var last = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            return JsonDocument.Parse(last).RootElement.Clone();
        }
    }
}
