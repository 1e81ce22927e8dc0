using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Thalian.Gateway.Authenticating;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.DeletingTenants;

/// <summary>DELETE /api/v1/tenant: an admin deletes their own tenant and everything of it, confirming by repeating the tenant id.</summary>
public static class TenantDeletionEndpoints
{
    public sealed record DeleteTenantRequest(string? ConfirmTenantId);

    /// <summary>The services that erased the tenant, in order, the gateway last.</summary>
    public sealed record TenantDeleted(string TenantId, IReadOnlyList<string> Erased);

    public static IServiceCollection AddTenantDeletion(this IServiceCollection services)
    {
        services.AddSingleton<TenantDeletion>();
        var http = services.AddHttpClient(TenantDeletion.ClientName).ConfigureHttpClient(c => c.Timeout = TimeSpan.FromMinutes(10));
        // Erasing a large tenant can outlast the standard pipeline's 30 s; the whole deletion is repeatable instead of retried.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }

    public static IEndpointRouteBuilder MapTenantDeletion(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/v1/tenant", DeleteAsync).RequireAuthorization(AuthenticationSetup.AdminPolicy).WithTags("Tenant")
            .WithSummary("Delete this tenant and everything of it from every service; confirm by repeating the tenant id")
            .Produces<TenantDeleted>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<IResult> DeleteAsync([FromBody] DeleteTenantRequest? request, ClaimsPrincipal user, TenantDeletion deletion, CancellationToken ct)
    {
        var tenant = user.TenantId();
        if (request?.ConfirmTenantId != tenant)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["confirmTenantId"] = ["Repeat this tenant's id to confirm: deleting removes its connections, findings, destinations and keys for good."],
            });
        }
        var outcome = await deletion.DeleteAsync(tenant, user.Actor(), ct);
        if (!outcome.Found)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Tenant not found", detail: $"No tenant {tenant} is registered at the gateway.");
        }
        return outcome.Failures.Count == 0
            ? Results.Ok(new TenantDeleted(tenant, outcome.Erased))
            : Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Tenant deletion incomplete",
                detail: $"{string.Join(" ", outcome.Failures)} Erased so far: {string.Join(", ", outcome.Erased)}. Repeat the request: the keys work until every service has erased the tenant.");
    }
}
