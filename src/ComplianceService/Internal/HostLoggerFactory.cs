using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComplianceService.Internal;

/// <summary>
/// The host's <see cref="ILoggerFactory"/>: ASP.NET Core's own, with whatever providers are configured, whose loggers
/// for the framework's categories keep caller text out (<see cref="CallerTextRedaction"/>) and log a hostile
/// connection's HTTP/2 output-queue overflow once (<see cref="OncePerConnection"/>).
/// </summary>
internal sealed class HostLoggerFactory(LoggerFactory inner) : ILoggerFactory
{
    /// <summary>Replaces the registered <see cref="LoggerFactory"/>; leaves any other factory (a test's, say) alone.</summary>
    public static void AddTo(IServiceCollection services)
    {
        var existing = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(ILoggerFactory));
        if (existing is null || existing.ImplementationType != typeof(LoggerFactory))
        {
            return;
        }

        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new HostLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(provider))));
    }

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        if (categoryName == OncePerConnection.Category)
        {
            logger = new OncePerConnection(logger);
        }

        return CallerTextRedaction.Redacts(categoryName) ? new CallerTextRedaction.RedactingLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
