using Microsoft.AspNetCore.Http.Features;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.Protecting;

/// <summary>Rejects bodies above the configured limit up front (413) and caps streamed bodies on servers that support it.</summary>
public sealed class RequestSizeMiddleware(RequestDelegate next, long maxBodyBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > maxBodyBytes)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"Request bodies are limited to {maxBodyBytes} bytes.");
            return;
        }
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }
        await next(context);
    }
}
