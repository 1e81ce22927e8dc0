using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Thalian.Testing;

namespace Thalian.AwsCollector.Tests.Fixtures;

/// <summary>The real collector on the isolated infrastructure, pointed at one AWS endpoint, with every log line captured.</summary>
public sealed class CollectorHost(IsolatedInfrastructure infrastructure, Uri awsEndpoint, IDictionary<string, string?>? extra = null)
    : ServiceFactory<AwsCollectorService>(infrastructure, "aws_collector", Settings(awsEndpoint, extra))
{
    public ConcurrentQueue<string> LogLines { get; } = new();

    private static Dictionary<string, string?> Settings(Uri endpoint, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Thalian:Aws:EndpointOverride"] = endpoint.ToString(),
            ["Thalian:Aws:RetryBaseDelay"] = "00:00:00.050",
            ["Thalian:Aws:RetryAttempts"] = "6",
            ["Thalian:Aws:CredentialReportPollInterval"] = "00:00:00.100",
            ["Thalian:Aws:CredentialReportTimeout"] = "00:00:20",
            ["Thalian:Aws:CloudTrailRequestsPerSecond"] = "20",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(LogLines)));
    }

    /// <summary>Connects an account as tenant admin; returns the response for the test to inspect.</summary>
    public async Task<HttpResponseMessage> ConnectAsync(string tenant, object body)
    {
        using var client = CreateClientFor(tenant);
        return await client.PostAsJsonAsync("/api/v1/integrations/aws", body);
    }
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
