using System.Diagnostics;

namespace Thalian.Gateway.Protecting;

/// <summary>
/// Every request gets a correlation id (the caller's X-Correlation-Id when it is sane, else a new one). It is echoed in the response,
/// forwarded to the services, tagged on the trace and put in the log scope of everything the request logs.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Sanitize(context.Request.Headers[Header].ToString()) ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = id;
        context.Response.Headers[Header] = id;
        Activity.Current?.SetTag("thalian.correlation_id", id);
        Activity.Current?.AddBaggage("correlation_id", id);
        using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
        {
            await next(context);
        }
    }

    // Ids from outside end up in logs and headers: accept only short, plain tokens.
    private static string? Sanitize(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? value
            : null;
}
