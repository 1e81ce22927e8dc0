using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.AwsCollector.ConnectingAccounts;

public static class ConnectionEndpoints
{
    public static void MapAwsConnections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/integrations/aws").WithTags("AWS connections");
        group.MapPost("", ConnectAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Connect an AWS account (credentials are checked with STS first; the first sync starts at once)")
            .Produces<ConnectedView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapGet("", ListAsync).WithSummary("The tenant's AWS connections with status, last sync, counts and last error")
            .Produces<List<ConnectionView>>();
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One AWS connection")
            .Produces<ConnectionView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}/credentials", RotatingCredentials.RotateAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Edit credentials (checked like a new connection; must reach the same account)")
            .Produces<ConnectionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapPost("/{id:guid}/sync", SyncNowAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Start a sync now").Produces<SyncQueued>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", RemoveAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithSummary("Disconnect the account (its identities and findings are removed)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ConnectAsync(ConnectAwsRequest request, HttpContext http, IDocumentStore store, CredentialCheck check,
        ConnectionSecrets secrets, IOptions<AwsCollectorOptions> options, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var region = CredentialShape.Clean(request.Region) ?? "us-east-1";
        var errors = CredentialShape.Check(request.AccessKeyId, request.SecretAccessKey, request.UseAmbientCredentials == true,
            options.Value.AllowAmbientCredentials, region, request.RoleArn, request.ExternalId, out var credentials);
        var trailRegions = request.CloudTrailRegions?.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList() ?? [];
        CredentialShape.CheckRegions(region, trailRegions, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var verified = await check.VerifyAsync(credentials, http.User.IsSandbox(), ct);
        if (verified.Caller is not { } caller)
        {
            return verified.Problem!;
        }
        await using var session = store.LightweightSession(tenant);
        if (await session.Query<AwsConnection>().AnyAsync(c => c.AccountId == caller.Account, ct))
        {
            return AlreadyConnected(caller.Account);
        }
        var now = time.GetUtcNow();
        var connection = new AwsConnection
        {
            Id = Guid.CreateVersion7(), TenantId = tenant, AccountId = caller.Account, Partition = AwsPartition.ForArn(caller.Arn).Name,
            Region = region, DisplayName = CredentialShape.Clean(request.DisplayName) ?? $"AWS {caller.Account}",
            AccessKeyId = credentials.AccessKeyId, ProtectedSecret = credentials.SecretAccessKey is null ? null : secrets.Protect(credentials.SecretAccessKey),
            UsesAmbientCredentials = credentials.Ambient, RoleArn = credentials.RoleArn, ExternalId = credentials.ExternalId, CallerArn = caller.Arn,
            CloudTrailRegions = trailRegions, Sandbox = http.User.IsSandbox(),
            CreatedAt = now, LastSyncRequestedAt = now,
        };
        session.Store(connection);
        // The first sync is requested in the same transaction, so a broker outage delays it only until the broker is back.
        session.PublishAfterCommit(new SyncAwsAccount(tenant, connection.Id, Guid.NewGuid(), "connected"));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return AlreadyConnected(caller.Account);
        }
        List<string> warnings = caller.IsRoot
            ? ["These are root user credentials. Create an IAM user or role with only the read-only permissions Thalian needs and connect with that instead."]
            : [];
        return Results.Created($"/api/v1/integrations/aws/{connection.Id}",
            new ConnectedView(connection.Id, "aws", caller.Account, caller.Arn, connection.Partition, connection.Status, warnings));
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        var connections = await session.Query<AwsConnection>().OrderBy(c => c.CreatedAt).ToListAsync(ct);
        return Results.Ok(connections.Select(ConnectionView.Of));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        return await session.LoadAsync<AwsConnection>(id, ct) is { } c ? Results.Ok(ConnectionView.Of(c)) : NotFound();
    }

    private static async Task<IResult> SyncNowAsync(Guid id, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<AwsConnection>(id, ct) is not { } connection)
        {
            return NotFound();
        }
        connection.LastSyncRequestedAt = time.GetUtcNow();
        session.Store(connection);
        var correlationId = Guid.NewGuid();
        session.PublishAfterCommit(new SyncAwsAccount(tenant, id, correlationId, "requested"));
        await session.SaveChangesAsync(ct);
        return Results.Accepted($"/api/v1/integrations/aws/{id}", new SyncQueued(id, correlationId, "queued"));
    }

    private static async Task<IResult> RemoveAsync(Guid id, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<AwsConnection>(id, ct) is not { } connection)
        {
            return NotFound();
        }
        if (connection.OrganizationConnectionId is { } organizationId)
        {
            return ManagedByOrganization(organizationId);
        }
        session.Delete(connection);
        session.PublishAfterCommit(new AwsConnectionRemoved(tenant, id, connection.AccountId, time.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    internal static IResult NotFound() =>
        Results.Problem("No AWS connection with this id exists in your tenant.", statusCode: StatusCodes.Status404NotFound, title: "Connection not found");

    /// <summary>Member connections are views of their organisation connection: they are changed or removed there.</summary>
    internal static IResult ManagedByOrganization(Guid organizationId) =>
        Results.Problem($"This account is synced through AWS organisation connection {organizationId} and has no credentials of its own. " +
            "Remove the organisation connection, or take the account out of the member role's StackSet.",
            statusCode: StatusCodes.Status409Conflict, title: "Managed by an organisation connection");

    private static IResult AlreadyConnected(string account) =>
        Results.Problem($"AWS account {account} is already connected in this tenant. Edit that connection's credentials instead.",
            statusCode: StatusCodes.Status409Conflict, title: "Account already connected");

    private static bool IsUniqueViolation(Exception? e) =>
        e is not null && (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || IsUniqueViolation(e.InnerException));
}
