using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ComplianceService.Internal;

/// <summary>
/// The web console: <c>wwwroot</c> (plain HTML, CSS and JavaScript modules), embedded in the assembly, served by ASP.NET
/// Core's static file middleware behind two endpoints, <c>GET /</c> (the page) and <c>GET /console/{file}</c> (its
/// scripts and style sheet). Endpoints, not middleware: a gRPC call never reaches it.
/// </summary>
internal static class WebConsole
{
    /// <summary>The path of the console's files.</summary>
    public const string FilesPath = "/console";

    private const string Page = "/index.html";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var files = new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebConsole).Assembly, "ComplianceService.wwwroot"),
            RequestPath = FilesPath,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";

                // Only its own files and its own origin's REST routes: no inline script, no third-party anything.
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            },
        };

        // The static file middleware serves only requests for which no endpoint's delegate was chosen, so each branch
        // clears the endpoint first (as MapFallbackToFile does); "/" is the page itself.
        var serve = endpoints.CreateApplicationBuilder()
            .Use((context, next) =>
            {
                context.SetEndpoint(null);
                if (context.Request.Path == "/")
                {
                    context.Request.Path = FilesPath + Page;
                }

                return next(context);
            })
            .UseStaticFiles(files)
            .Build();
        endpoints.MapMethods("/", ["GET", "HEAD"], serve).WithDisplayName("Web console");
        endpoints.MapMethods(FilesPath + "/{file}", ["GET", "HEAD"], serve).WithDisplayName("Web console files");
    }
}
