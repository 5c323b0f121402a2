using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The server as an operator runs it: <c>dotnet ComplianceService.dll</c> in a child process (embedded policies, on
/// 127.0.0.1 port 0), stopped with a real signal. Its output is kept for the test to read.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string? _ownAuditDirectory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<(Uri Grpc, Uri Http)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, string? ownAuditDirectory)
    {
        _process = process;
        _ownAuditDirectory = ownAuditDirectory;
    }

    /// <summary>The address the gRPC endpoint bound.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The address the HTTP endpoint bound (REST/JSON, OpenAPI, gRPC-Web).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>Everything the server wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host's own assembly (copied beside the tests), with <paramref name="settings"/> as more
    /// <c>--key=value</c> arguments, and waits until it listens. It keeps its audit trail in a folder of its own unless the settings name one;
    /// that folder also holds the trail's journal (rather than /dev/shm), and is deleted when the server is disposed.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ComplianceService.dll"));
        start.ArgumentList.Add("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0");
        start.ArgumentList.Add("--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0");
        string? ownAuditDirectory = null;
        if (!settings.Any(s => s.StartsWith("--Compliance:Audit:Directory=", StringComparison.Ordinal)))
        {
            ownAuditDirectory = Directory.CreateTempSubdirectory("compliance-audit-").FullName;
            start.ArgumentList.Add("--Compliance:Audit:Directory=" + ownAuditDirectory);
            start.ArgumentList.Add("--Compliance:Audit:JournalDirectory=" + ownAuditDirectory);
        }

        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the server."), ownAuditDirectory);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        var listening = server._listening.Task;
        if (await Task.WhenAny(listening, Task.Delay(StartupLimit), server._process.WaitForExitAsync()) != listening)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"The server did not report listening within {StartupLimit}:\n{server.Output}");
        }

        (server.Address, server.HttpAddress) = await listening;
        return server;
    }

    /// <summary>Kills the process with SIGKILL, as a crash or an OOM kill would, and waits for it to be gone.</summary>
    public async Task CrashAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the container does.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownAuditDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownAuditDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Anything left is in the temporary folder.
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult((new Uri(match.Groups[1].Value), new Uri(match.Groups[2].Value)));
        }
    }

    [GeneratedRegex(@"ComplianceService listening on (http://127\.0\.0\.1:\d+) \(gRPC[^)]*\) and (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
