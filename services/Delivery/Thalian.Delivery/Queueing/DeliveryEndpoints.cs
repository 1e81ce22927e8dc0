using Marten;
using Thalian.Delivery.ManagingDestinations;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Delivery.Queueing;

/// <summary>A destination's deliveries: the dead-letter list ("failed"), what is pending or delivered, and replay.</summary>
public static class DeliveryEndpoints
{
    private static readonly Dictionary<string, string> Statuses = new()
    {
        ["failed"] = QueueStatus.Dead, ["pending"] = QueueStatus.Pending, ["delivered"] = QueueStatus.Delivered, ["superseded"] = QueueStatus.Superseded,
    };

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/destinations/{id:guid}/deliveries").WithTags("Destinations");
        group.MapGet("", ListAsync).WithName("ListDeliveries")
            .WithSummary("List a destination's deliveries by status: failed (the dead-letter list, default), pending, delivered or superseded")
            .Produces<DeliveryRecord[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/replay", ReplayAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("ReplayDeliveries")
            .WithSummary("Queue dead-lettered events again (all, or the given event ids); a finding's newer state already delivered is not overwritten")
            .Produces<ReplayResult>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ListAsync(Guid id, string? status, int? limit, HttpContext http, IDocumentStore store, DeliveryOutbox queue, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Statuses.TryGetValue(status ?? "failed", out var stored))
        {
            errors["status"] = [$"One of {string.Join(", ", Statuses.Keys)}."];
        }
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["Between 1 and 1000."];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var tenant = http.User.TenantId();
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<Destination>(id, ct) is null)
        {
            return DestinationEndpoints.NotFound();
        }
        return Results.Ok(await queue.ListAsync(tenant, id, stored!, limit ?? 100, ct));
    }

    private static async Task<IResult> ReplayAsync(Guid id, ReplayRequest? request, HttpContext http, IDocumentStore store, DeliveryOutbox queue,
        Dispatching.Dispatcher dispatcher, TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<Destination>(id, ct) is null)
        {
            return DestinationEndpoints.NotFound();
        }
        var replayed = await queue.ReplayAsync(tenant, id, request?.EventIds, clock.GetUtcNow(), ct);
        dispatcher.Wake();
        return Results.Accepted($"/api/v1/destinations/{id}", new ReplayResult(replayed));
    }
}
