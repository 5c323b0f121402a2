using ComplianceService.LoadTest;

return await LoadTestCommand.InvokeAsync(args).ConfigureAwait(false);
