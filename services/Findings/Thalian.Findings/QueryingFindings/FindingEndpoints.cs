using Marten;
using Marten.Linq;
using Thalian.Findings.ManagingFindings;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.QueryingFindings;

public static class FindingEndpoints
{
    private static readonly string[] Sorts = ["severity", "-severity", "firstSeen", "-firstSeen", "lastSeen", "-lastSeen"];

    public static IEndpointRouteBuilder MapFindings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings", async ([AsParameters] FindingQuery query, HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            var offset = Cursor.Decode(query.Cursor);
            var limit = query.Limit ?? 50;
            var errors = new Dictionary<string, string[]>();
            if (offset is null)
            {
                errors["cursor"] = ["The cursor is not one this API returned."];
            }
            if (limit is < 1 or > 500)
            {
                errors["limit"] = ["Must be between 1 and 500."];
            }
            if (query.Sort is { } sort && !Sorts.Contains(sort))
            {
                errors["sort"] = [$"One of {string.Join(", ", Sorts)}."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var session = store.QuerySession(http.User.TenantId());
            var page = await Sorted(Filtered(session.Query<FindingView>(), query), query.Sort)
                .Skip(offset!.Value).Take(limit + 1).ToListAsync(ct);
            var next = page.Count > limit ? Cursor.Encode(offset.Value + limit) : null;
            return Results.Ok(new FindingPage([.. page.Take(limit).Select(FindingDecider.Details)], next));
        })
            .WithTags("Findings").WithSummary("List findings (filters, sort, cursor paging)")
            .Produces<FindingPage>().ProducesValidationProblem();
        app.MapGet("/api/v1/findings/export", async ([AsParameters] FindingQuery query, HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            if (query.Sort is { } sort && !Sorts.Contains(sort))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = [$"One of {string.Join(", ", Sorts)}."] });
            }
            await using var session = store.QuerySession(http.User.TenantId());
            var rows = await Sorted(Filtered(session.Query<FindingView>(), query), query.Sort).ToListAsync(ct);
            return Results.File(FindingCsv.Write(rows), "text/csv; charset=utf-8", $"thalian-findings-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
        })
            .WithTags("Findings").WithSummary("The findings of a filtered view as CSV (same filters and sort as the list, every page)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        app.MapGet("/api/v1/findings/{id:guid}", async (Guid id, HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(http.User.TenantId());
            var view = await session.LoadAsync<FindingView>(id, ct);
            if (view is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Finding not found");
            }
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            return Results.Ok(new FindingWithHistory(FindingDecider.Details(view), view.SuppressedBy, view.SuppressionReason,
                view.SuppressedUntil, [.. events.Select(FindingHistory.Entry)]));
        })
            .WithTags("Findings").WithSummary("A finding with its evidence and history")
            .Produces<FindingWithHistory>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IQueryable<FindingView> Filtered(IQueryable<FindingView> findings, FindingQuery q)
    {
        if (q.Rule is { Length: > 0 } rule)
        {
            findings = findings.Where(f => f.RuleId == rule);
        }
        if (q.Severity is { Length: > 0 } severity)
        {
            findings = findings.Where(f => f.Severity == severity);
        }
        if (q.Status is { Length: > 0 } status)
        {
            findings = findings.Where(f => f.Status == status);
        }
        if (q.Account is { Length: > 0 } account)
        {
            findings = findings.Where(f => f.AccountId == account);
        }
        if (q.Identity is { Length: > 0 } identity)
        {
            findings = Guid.TryParse(identity, out var identityId)
                ? findings.Where(f => f.ScopeId == identityId)
                : findings.Where(f => f.ResourceArn == identity || f.ResourceId == identity);
        }
        if (q.Q is { Length: > 0 } text)
        {
            var needle = text.Trim().ToLowerInvariant();
            findings = findings.Where(f => f.SearchText.Contains(needle));
        }
        return findings;
    }

    private static IQueryable<FindingView> Sorted(IQueryable<FindingView> findings, string? sort) => sort switch
    {
        "severity" => findings.OrderBy(f => f.SeverityRank).ThenBy(f => f.Id),
        "firstSeen" => findings.OrderBy(f => f.FirstSeenAt).ThenBy(f => f.Id),
        "-firstSeen" => findings.OrderByDescending(f => f.FirstSeenAt).ThenBy(f => f.Id),
        "lastSeen" => findings.OrderBy(f => f.LastSeenAt).ThenBy(f => f.Id),
        "-lastSeen" => findings.OrderByDescending(f => f.LastSeenAt).ThenBy(f => f.Id),
        _ => findings.OrderByDescending(f => f.SeverityRank).ThenByDescending(f => f.LastSeenAt).ThenBy(f => f.Id),
    };
}
