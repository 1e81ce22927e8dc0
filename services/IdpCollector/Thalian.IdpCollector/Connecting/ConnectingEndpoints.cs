using Marten;
using Thalian.Contracts.Idp;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.IdpCollector.Connecting;

/// <summary>Connect an IdP and rotate its credentials: both prove the credentials with one real call before storing them.</summary>
public static class ConnectingEndpoints
{
    public static void MapConnecting(this IEndpointRouteBuilder app)
    {
        var providers = string.Join('|', IdpProviders.All);
        app.MapPost($"/api/v1/integrations/{{provider:regex(^({providers})$)}}", ConnectAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithTags("IdP connections").WithSummary("Connect an identity provider (the credentials are proven with one real call first)")
            .Accepts<ConnectRequest>("application/json")
            .Produces<ConnectionView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
        app.MapPut("/api/v1/integrations/idp/{id:guid}/credentials", UpdateCredentialsAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithTags("IdP connections").WithSummary("Edit an IdP connection's credentials (omitted settings are kept)")
            .Accepts<ConnectRequest>("application/json")
            .Produces<ConnectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
    }

    private static async Task<IResult> ConnectAsync(
        string provider, HttpContext http, IDocumentStore store, CredentialCheck check, ConnectionSecretsCodec codec,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, bodyError) = await ReadBodyAsync(http, cancellationToken);
        if (request is null)
        {
            return bodyError!;
        }
        var (definition, errors) = check.Define(provider, request, http.User.IsSandbox());
        if (definition is null)
        {
            return Results.ValidationProblem(errors, title: $"The {provider} connection request is invalid");
        }
        if (await check.VerifyAsync(provider, definition, cancellationToken) is { } failure)
        {
            return failure;
        }
        var tenant = http.User.TenantId();
        var connection = new IdpConnection
        {
            Id = Guid.CreateVersion7(), Provider = provider, Settings = definition.Settings, ProtectedSecrets = codec.Protect(definition.Secrets),
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? provider : request.DisplayName.Trim(), CreatedAt = time.GetUtcNow(),
        };
        await using (var session = store.LightweightSession(tenant))
        {
            session.Store(connection);
            // The first sync is requested in the same transaction, so a broker outage delays it only until the broker is back.
            session.PublishAfterCommit(new SyncIdpConnection(tenant, connection.Id, Guid.NewGuid(), "connected"));
            await session.SaveChangesAsync(cancellationToken);
        }
        return Results.Created($"/api/v1/integrations/idp/{connection.Id}", ConnectionView.From(connection));
    }

    private static async Task<IResult> UpdateCredentialsAsync(
        Guid id, HttpContext http, IDocumentStore store, CredentialCheck check, ConnectionSecretsCodec codec,
        CancellationToken cancellationToken)
    {
        var (request, bodyError) = await ReadBodyAsync(http, cancellationToken);
        if (request is null)
        {
            return bodyError!;
        }
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        var connection = await session.LoadAsync<IdpConnection>(id, cancellationToken);
        if (connection is null)
        {
            return Results.Problem($"No IdP connection {id} in this tenant.", statusCode: 404, title: "Not found");
        }
        var (definition, errors) = check.Define(connection.Provider, ConnectionDefinition.Merge(connection.Settings, connection.Provider, request), http.User.IsSandbox());
        if (definition is null)
        {
            return Results.ValidationProblem(errors, title: $"The new {connection.Provider} credentials are invalid");
        }
        if (await check.VerifyAsync(connection.Provider, definition, cancellationToken) is { } failure)
        {
            return failure;
        }
        connection.Settings = definition.Settings;
        connection.ProtectedSecrets = codec.Protect(definition.Secrets);
        connection.DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? connection.DisplayName : request.DisplayName.Trim();
        connection.LastError = null;
        session.Store(connection);
        session.PublishAfterCommit(new SyncIdpConnection(tenant, connection.Id, Guid.NewGuid(), "credentials-updated"));
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(ConnectionView.From(connection));
    }

    /// <summary>Reads the body ourselves so malformed JSON gets a problem+json saying what is wrong, not a bare 400.</summary>
    private static async Task<(ConnectRequest? Request, IResult? Error)> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var request = await http.Request.ReadFromJsonAsync<ConnectRequest>(cancellationToken);
            return request is null
                ? (null, Results.Problem("The request body must be a JSON object with the connection's fields.", statusCode: 400, title: "Missing body"))
                : (request, null);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return (null, Results.Problem($"The request body is not a valid connection request: {ex.Message}", statusCode: 400, title: "Malformed body"));
        }
    }
}
