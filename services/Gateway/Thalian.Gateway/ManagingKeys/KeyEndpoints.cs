using System.Security.Claims;
using Marten;
using Thalian.Gateway.Authenticating;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Gateway.ManagingKeys;

/// <summary>GET/POST /api/v1/keys and DELETE /api/v1/keys/{id}: an admin manages the keys of their own tenant only.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").RequireAuthorization(AuthenticationSetup.AdminPolicy).WithTags("API keys");
        keys.MapGet("", ListAsync).WithSummary("The tenant's API keys (never the secrets)")
            .Produces<List<KeySummary>>().ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapPost("", CreateAsync).WithSummary("Create a key; the reply is the only time its secret is shown")
            .Produces<CreatedKey>(StatusCodes.Status201Created).ProducesValidationProblem();
        keys.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke a key (the tenant's last usable admin key cannot be revoked)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(user.TenantId());
        var keys = await session.Query<ApiKey>().OrderBy(k => k.CreatedAt).ToListAsync(cancellation);
        var now = clock.GetUtcNow();
        return Results.Ok(keys.Select(k => KeySummary.Of(k, now)));
    }

    private static async Task<IResult> CreateAsync(
        CreateKeyRequest request, ClaimsPrincipal user, TenantDirectory directory, TimeProvider clock, CancellationToken cancellation)
    {
        var errors = Validate(request, clock.GetUtcNow());
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var (key, plaintext) = await directory.CreateKeyAsync(
            user.TenantId(), request.Name!, request.Role!, request.ExpiresAt, user.Actor(), cancellation);
        return Results.Created($"/api/v1/keys/{key.Id}",
            new CreatedKey(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.ExpiresAt, plaintext));
    }

    private static async Task<IResult> RevokeAsync(
        Guid id, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(user.TenantId());
        var key = await session.LoadAsync<ApiKey>(id, cancellation);
        if (key is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"No key {id} in this tenant.");
        }
        if (key.IsRevoked)
        {
            return Results.NoContent();
        }
        var now = clock.GetUtcNow();
        if (key.Role == Roles.Admin && !await AnotherUsableAdminKeyExistsAsync(session, key.Id, now, cancellation))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last admin key",
                detail: "This is the tenant's last usable admin key; create another admin key before revoking it.");
        }
        session.Store(key with { RevokedAt = now, RevokedBy = user.Actor() });
        await session.SaveChangesAsync(cancellation);
        return Results.NoContent();
    }

    private static async Task<bool> AnotherUsableAdminKeyExistsAsync(IQuerySession session, Guid except, DateTimeOffset now, CancellationToken cancellation)
    {
        var admins = await session.Query<ApiKey>().Where(k => k.Role == Roles.Admin && k.Id != except && k.RevokedAt == null)
            .ToListAsync(cancellation);
        return admins.Any(k => k.IsUsableAt(now));
    }

    private static Dictionary<string, string[]> Validate(CreateKeyRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        if (!Roles.IsKnown(request.Role))
        {
            errors["role"] = [$"The role must be '{Roles.Admin}' or '{Roles.Reader}'."];
        }
        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["The expiry must be in the future."];
        }
        return errors;
    }
}
