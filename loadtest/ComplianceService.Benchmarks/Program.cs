using BenchmarkDotNet.Running;

// Every benchmark class in this assembly.
//   measure one class:  dotnet run -c Release --project loadtest/ComplianceService.Benchmarks -- --filter '*GrpcFraming*'
//   smoke check only:   dotnet run -c Release --project loadtest/ComplianceService.Benchmarks -- --filter '*' --job dry
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
