return await ComplianceService.Cli.Compliancectl.RunAsync(args).ConfigureAwait(false);
