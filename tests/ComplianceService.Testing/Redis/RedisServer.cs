using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ComplianceService.Testing.Redis;

/// <summary>
/// A real <c>redis-server</c> process on a free loopback port with its own temporary directory and no persistence.
/// It can be stopped and started again on the same port to simulate an outage (the data is gone after a restart,
/// as with a real Redis without persistence). Disposing kills the process and deletes the directory.
/// </summary>
/// <remarks>The executable is <c>$REDIS_SERVER</c>, else <c>/usr/bin/redis-server</c>, else <c>redis-server</c> on the PATH.</remarks>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _durable;

    private RedisServer(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    /// <summary>The loopback port the server listens on (the same across restarts).</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and waits until it answers.</summary>
    /// <param name="durable">Keep the data across a kill: an append-only file fsynced on every write (off by default: the
    /// policy tests want a restarted Redis to come back empty).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<RedisServer> StartNewAsync(bool durable = false, CancellationToken cancellationToken = default)
    {
        // A port found free can be taken by someone else before redis-server binds it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("compliance-redis-").FullName;
            var server = new RedisServer(FreeLoopbackPort(), directory) { _durable = durable };
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A key prefix no other test uses, e.g. <c>test:activate:3f2a...:</c>.</summary>
    public static string NewKeyPrefix(string name) => "test:" + name + ":" + Guid.NewGuid().ToString("N") + ":";

    /// <summary>Starts the server again on the same port (after <see cref="StopAsync"/>) and waits until it answers.</summary>
    /// <exception cref="InvalidOperationException">The server did not come up; the message carries its output.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", _durable ? "yes" : "no",
            "--appendfsync", "always",
            "--dir", _directory,
            "--daemonize", "no",
            "--loglevel", "warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // Ready when *this* process answers: if the port was taken meanwhile (another test's server, one being
        // restarted after an outage), redis-server exits, and a PING alone could be answered by the other one.
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (await AnsweringProcessIdAsync(cancellationToken).ConfigureAwait(false) != process.Id)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException("redis-server did not start on port " + Port + ": " + Output());
            }

            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server (like a crash) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp directory are harmless.
        }
    }

    // The process_id (from INFO server) of the Redis answering on the port, or null when none answers.
    private async Task<int?> AnsweringProcessIdAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("INFO server\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);

            // A bulk reply: "$<length>\r\n<text>\r\n". Read until the text is complete.
            var received = new MemoryStream();
            var buffer = new byte[4096];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                received.Write(buffer, 0, read);
                var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
                var header = text.IndexOf("\r\n", StringComparison.Ordinal);
                if (!text.StartsWith('$'))
                {
                    return null; // an error reply (e.g. still loading), or not Redis at all
                }

                if (header < 0)
                {
                    continue;
                }

                var length = int.Parse(text.AsSpan(1, header - 1), System.Globalization.CultureInfo.InvariantCulture);
                if (text.Length < header + 2 + length)
                {
                    continue;
                }

                foreach (var line in text.Substring(header + 2, length).Split("\r\n"))
                {
                    if (line.StartsWith("process_id:", StringComparison.Ordinal))
                    {
                        return int.Parse(line.AsSpan("process_id:".Length), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("REDIS_SERVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
