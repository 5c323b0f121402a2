using BenchmarkDotNet.Running;

namespace ComplianceService.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet's switcher over every benchmark class here.</summary>
/// <remarks>
/// measure one class: <c>dotnet run -c Release --project loadtest/ComplianceService.Benchmarks -- --filter '*Engine*'</c>;
/// smoke check only: <c>... -- --filter '*' --job dry</c>.
/// </remarks>
public static class Program
{
    /// <summary>Runs the benchmarks selected by the arguments (e.g. --filter *Engine*).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
