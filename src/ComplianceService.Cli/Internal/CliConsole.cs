using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary>Where a command writes: standard output (results, tables) and standard error (failures).</summary>
internal sealed class CliConsole
{
    private CliConsole(IAnsiConsole output, IAnsiConsole error, TextWriter outputWriter, TextWriter errorWriter, TextReader? input)
    {
        Input = input;
        Out = output;
        Error = error;
        OutWriter = outputWriter;
        ErrorWriter = errorWriter;
    }

    public IAnsiConsole Out { get; }

    public IAnsiConsole Error { get; }

    public TextWriter OutWriter { get; }

    public TextWriter ErrorWriter { get; }

    /// <summary>Where an operator's answer is read from: standard input when it is a terminal; null when nobody can answer
    /// (input redirected from a file or pipe, or output captured).</summary>
    public TextReader? Input { get; }

    /// <summary>The process's console: colours and spinners on a terminal, plain text when redirected to a file or pipe.</summary>
    public static CliConsole ForTerminal() => new(
        Console.IsOutputRedirected ? Plain(Console.Out) : AnsiConsole.Console,
        Console.IsErrorRedirected ? Plain(Console.Error) : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        Console.Out,
        Console.Error,
        Console.IsInputRedirected ? null : Console.In);

    /// <summary>Plain text into the given writers: no colours, no spinners, wide lines (for tests and pipes).</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error) => new(Plain(output), Plain(error), output, error, input: null);

    private static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }

    /// <summary>Runs <paramref name="work"/> behind a spinner labelled <paramref name="label"/>, on standard error so that standard output stays the result.</summary>
    public Task<T> ProgressAsync<T>(string label, Func<Task<T>> work) =>
        Error.Status().StartAsync(Markup.Escape(label), _ => work());
}
