using Marten;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Correlation.ReadingIdentities;

public sealed record IdentityDetails(Guid Id, string Kind, DateTimeOffset? AsOf, long Version, object State);

public static class GetIdentityEndpoint
{
    /// <summary>GET /api/v1/identities/{id}?asOf=2026-01-31T00:00:00Z — "as of" rebuilds the state from the stream's events up to that time.</summary>
    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, Guid id, string? asOf, CancellationToken ct)
    {
        DateTimeOffset? at = null;
        if (asOf is not null)
        {
            if (!DateTimeOffset.TryParse(asOf, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = ["asOf must be an ISO 8601 timestamp"] });
            }
            at = parsed;
        }
        await using var session = store.QuerySession(http.User.TenantId());
        var summary = await session.LoadAsync<IdentitySummary>(id, ct);
        if (summary is null)
        {
            return Results.Problem(statusCode: 404, title: "Identity not found", detail: $"No identity {id} in this tenant.");
        }
        var state = summary.Kind switch
        {
            "iam-user" => await LoadAsync<IamUser>(session, id, at, ct),
            "iam-role" => await LoadAsync<IamRole>(session, id, at, ct),
            "aws-account" => await LoadAsync<AwsAccount>(session, id, at, ct),
            _ => await LoadAsync<IdpAccount>(session, id, at, ct),
        };
        return state is null
            ? Results.Problem(statusCode: 404, title: "Identity did not exist yet", detail: $"Identity {id} has no events at or before {at:O}.")
            : Results.Ok(new IdentityDetails(id, summary.Kind, at, state.Version, state));
    }

    private static async Task<Identifying.IStreamState?> LoadAsync<T>(IQuerySession session, Guid id, DateTimeOffset? at, CancellationToken ct)
        where T : class, Identifying.IStreamState =>
        at is { } timestamp
            ? await session.Events.AggregateStreamAsync<T>(id, timestamp: timestamp, token: ct)
            : await session.LoadAsync<T>(id, ct);
}
