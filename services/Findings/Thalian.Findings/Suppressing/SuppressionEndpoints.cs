using Marten;
using Thalian.Findings.ManagingFindings;
using Thalian.ServiceDefaults.Auth;
using FindingDetails = Thalian.Contracts.Findings.FindingDetails;

namespace Thalian.Findings.Suppressing;

public sealed record SuppressRequest(string? Reason, DateTimeOffset? ExpiresAt);

public static class SuppressionEndpoints
{
    public static IEndpointRouteBuilder MapSuppression(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/findings/{id:guid}/suppress", async (Guid id, SuppressRequest request, HttpContext http, IDocumentStore store,
            TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.Reason))
            {
                errors["reason"] = ["A reason is required."];
            }
            if (request.ExpiresAt is { } expires && expires <= now)
            {
                errors["expiresAt"] = ["The expiry must be in the future."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            return await Transition(id, http, store,
                view => FindingDecider.Suppress(view, http.User.Actor(), request.Reason!.Trim(), request.ExpiresAt, now), ct);
        }).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithTags("Findings").WithSummary("Suppress a finding with a reason and an optional expiry")
            .Produces<FindingDetails>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/api/v1/findings/{id:guid}/unsuppress", async (Guid id, HttpContext http, IDocumentStore store, TimeProvider time,
            CancellationToken ct) =>
            await Transition(id, http, store, view => FindingDecider.Unsuppress(view, http.User.Actor(), automatic: false, time.GetUtcNow()), ct))
            .RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithTags("Findings").WithSummary("Lift a finding's suppression")
            .Produces<FindingDetails>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> Transition(Guid id, HttpContext http, IDocumentStore store, Func<FindingView, Decision> decide, CancellationToken ct)
    {
        await using var session = store.LightweightSession(http.User.TenantId());
        var view = await session.LoadAsync<FindingView>(id, ct);
        if (view is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Finding not found");
        }
        var decision = decide(view);
        if (decision.Error is { } error)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Finding is not in a state for this", detail: error);
        }
        FindingWriter.Write(session, view, decision);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The finding changed meanwhile; retry");
        }
        return Results.Ok(FindingDecider.Details(decision.View!));
    }
}
