# ComplianceService container image. (No Docker engine runs on the build machines here, so this
# file is reviewed rather than built in CI; it mirrors the README's run command.)
# Build from the repository root:  docker build -t compliance-service .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props global.json .editorconfig ComplianceService.sln ./
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/ComplianceService/ComplianceService.csproj -c Release -o /app --no-self-contained \
 && dotnet publish src/ComplianceService.Cli/ComplianceService.Cli.csproj -c Release -o /app/cli --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY policies/ /app/policies/
# Non-root user shipped with the .NET images.
USER app
ENV Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:50051 \
    Compliance__PoliciesPath=/app/policies \
    Compliance__Store__SnapshotPath=/tmp/compliance/last-good.bundle
EXPOSE 50051
ENTRYPOINT ["dotnet", "ComplianceService.dll"]
