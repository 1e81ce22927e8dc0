using Microsoft.AspNetCore.Http.Features;
using Thalian.Gateway.Authenticating;

namespace Thalian.Gateway.Protecting;

/// <summary>Rejects bodies above the configured limit up front (413) and caps streamed bodies on servers that support it.</summary>
public sealed class RequestSizeMiddleware(RequestDelegate next, long maxBodyBytes)
{
    /// <summary>Vendor hooks are small JSON documents; anything bigger is not one.</summary>
    public const long HookBodyBytes = 256 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.Request.Path.StartsWithSegments("/hooks") ? Math.Min(HookBodyBytes, maxBodyBytes) : maxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"Request bodies are limited to {limit} bytes.");
            return;
        }
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        await next(context);
    }
}
