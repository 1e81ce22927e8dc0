using Marten;
using Microsoft.Extensions.Options;
using Thalian.Delivery.Destinations;
using Thalian.Delivery.Queueing;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>The destinations API: admins change, readers read; everything is scoped to the caller's tenant.</summary>
public static class DestinationEndpoints
{
    public static IEndpointRouteBuilder MapDestinations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/destinations").WithTags("Destinations");
        group.MapGet("", ListAsync).WithName("ListDestinations").WithSummary("List the tenant's destinations with their delivery status")
            .Produces<DestinationView[]>();
        group.MapGet("/types", (DestinationCatalog catalog) => Results.Ok(catalog.Names.Order().Select(n => DestinationTypeView.Of(catalog.Find(n)!))))
            .WithName("ListDestinationTypes").WithSummary("List the destination types and the secrets each takes").Produces<DestinationTypeView[]>();
        group.MapPost("", CreateAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("CreateDestination")
            .WithSummary("Create a destination; it starts with the tenant's open findings")
            .Produces<DestinationView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDestination").WithSummary("Get a destination and its delivery status")
            .Produces<DestinationView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", ReplaceAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("ReplaceDestination")
            .WithSummary("Replace a destination's name, settings, filter and state; secrets left out keep their values. A failing destination resumes.")
            .Produces<DestinationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("DeleteDestination")
            .WithSummary("Delete a destination and its queue").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{id:guid}/test", TestAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("TestDestination")
            .WithSummary("Send a clearly marked test event now and report the receiver's answer")
            .Produces<TestResult>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{id:guid}/resync", ResyncAsync).RequireAuthorization(AuthExtensions.AdminPolicy).WithName("ResyncDestination")
            .WithSummary("Re-send the current state: every open finding as a Create event")
            .Produces<ResyncQueued>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDocumentStore store, DeliveryOutbox queue, TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.QuerySession(tenant);
        var destinations = await session.Query<Destination>().OrderBy(d => d.CreatedAt).ToListAsync(ct);
        var health = (await session.LoadManyAsync<DestinationHealth>(ct, destinations.Select(d => d.Id))).ToDictionary(h => h.Id);
        var views = new List<DestinationView>();
        foreach (var d in destinations)
        {
            views.Add(DestinationViews.Of(d, health.GetValueOrDefault(d.Id), await queue.StatsAsync(tenant, d.Id, ct), clock.GetUtcNow()));
        }
        return Results.Ok(views);
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, IDocumentStore store, DeliveryOutbox queue, TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<Destination>(id, ct) is { } d
            ? Results.Ok(DestinationViews.Of(d, await session.LoadAsync<DestinationHealth>(id, ct), await queue.StatsAsync(tenant, id, ct), clock.GetUtcNow()))
            : NotFound();
    }

    private static async Task<IResult> CreateAsync(DestinationRequest request, HttpContext http, IDocumentStore store, DestinationCatalog catalog,
        DestinationSecrets secrets, FanOut fanOut, DeliveryOutbox queue, IOptions<DeliveryOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var type = catalog.Find(request.Type);
        var errors = DestinationValidation.Check(request, type, null, catalog);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        await using var session = store.LightweightSession(tenant);
        if (await session.Query<Destination>().CountAsync(ct) >= options.Value.MaxDestinationsPerTenant)
        {
            return Results.Problem($"A tenant can have at most {options.Value.MaxDestinationsPerTenant} destinations; delete one first.",
                statusCode: StatusCodes.Status409Conflict, title: "Too many destinations");
        }
        var now = clock.GetUtcNow();
        var destination = new Destination { Id = Guid.CreateVersion7(now), TenantId = tenant, Type = type!.Name, CreatedAt = now };
        Apply(destination, request, secrets, now);
        session.Store(destination);
        await session.SaveChangesAsync(ct);
        await fanOut.StartAsync(destination, ct);
        return Results.Created($"/api/v1/destinations/{destination.Id}",
            DestinationViews.Of(destination, null, await queue.StatsAsync(tenant, destination.Id, ct), clock.GetUtcNow()));
    }

    private static async Task<IResult> ReplaceAsync(Guid id, DestinationRequest request, HttpContext http, IDocumentStore store, DestinationCatalog catalog,
        DestinationSecrets secrets, DeliveryOutbox queue, Dispatching.Dispatcher dispatcher, TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<Destination>(id, ct) is not { } destination)
        {
            return NotFound();
        }
        var errors = DestinationValidation.Check(request, catalog.Find(destination.Type), destination, catalog);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var now = clock.GetUtcNow();
        Apply(destination, request, secrets, now);
        session.Store(destination);
        await session.SaveChangesAsync(ct);
        dispatcher.Wake();
        return Results.Ok(DestinationViews.Of(destination, await session.LoadAsync<DestinationHealth>(id, ct), await queue.StatsAsync(tenant, id, ct), now));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, IDocumentStore store, DeliveryOutbox queue, CancellationToken ct)
    {
        await using var session = store.LightweightSession(http.User.TenantId());
        if (await session.LoadAsync<Destination>(id, ct) is null)
        {
            return NotFound();
        }
        session.Delete<Destination>(id);
        session.Delete<DestinationHealth>(id);
        await session.SaveChangesAsync(ct);
        await queue.ForgetDestinationAsync(id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> TestAsync(Guid id, HttpContext http, IDocumentStore store, DestinationCatalog catalog, DestinationSecrets secrets,
        TimeProvider clock, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<Destination>(id, ct) is not { } destination || catalog.Find(destination.Type) is not { } type)
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        var outcome = await type.SendAsync(secrets.TargetOf(destination, now), [TestEvent.For(tenant, now)], ct);
        return Results.Ok(new TestResult(outcome.Failure is null, outcome.Answer, outcome.Failure?.Reason));
    }

    private static async Task<IResult> ResyncAsync(Guid id, HttpContext http, IDocumentStore store, FanOut fanOut, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        if (await session.LoadAsync<Destination>(id, ct) is not { } destination)
        {
            return NotFound();
        }
        return Results.Accepted($"/api/v1/destinations/{id}", new ResyncQueued(await fanOut.ResyncAsync(destination, ct)));
    }

    private static void Apply(Destination destination, DestinationRequest request, DestinationSecrets secrets, DateTimeOffset now)
    {
        destination.DisplayName = request.DisplayName!.Trim();
        destination.SettingsJson = request.Settings?.GetRawText() ?? "{}";
        destination.Filter = request.Filter ?? new DestinationFilter();
        destination.Enabled = request.Enabled ?? true;
        secrets.Apply(destination, request.Secrets ?? [], now);
        destination.SettingsVersion++;
        destination.UpdatedAt = now;
    }

    internal static IResult NotFound() =>
        Results.Problem("No destination with this id exists in your tenant.", statusCode: StatusCodes.Status404NotFound, title: "Destination not found");
}
