using Marten;
using Thalian.Findings.ManagingFindings;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Findings.ManagingSettings;

public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/settings", async (HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            await using var session = store.QuerySession(http.User.TenantId());
            return Results.Ok(await session.LoadAsync<TenantSettings>(session.TenantId, ct) ?? TenantSettings.DefaultFor(session.TenantId));
        })
            .WithTags("Settings").WithSummary("The tenant's rule thresholds, service-account classification, exclusions and trusted accounts")
            .Produces<TenantSettings>();
        app.MapPut("/api/v1/settings", async (SettingsRequest request, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var errors = SettingsValidation.Validate(request, now);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var session = store.LightweightSession(http.User.TenantId());
            var current = await session.LoadAsync<TenantSettings>(session.TenantId, ct) ?? TenantSettings.DefaultFor(session.TenantId);
            var saved = SettingsValidation.Apply(request, current, http.User.Actor(), now);
            var streamId = StreamId(session.TenantId);
            var change = new TenantSettingsSaved(saved, now);
            if (current.Version == 0)
            {
                session.Events.StartStream(streamId, change);
            }
            else
            {
                session.Events.Append(streamId, saved.Version, change);
            }
            session.Store(saved);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (JasperFx.ConcurrencyException)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The settings changed meanwhile; reload and retry");
            }
            return Results.Ok(saved);
        }).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithTags("Settings").WithSummary("Replace the tenant's settings (omitted fields take the defaults)")
            .Produces<TenantSettings>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Guid StreamId(string tenantId) => FindingIds.NameBased($"{tenantId}/settings");
}
