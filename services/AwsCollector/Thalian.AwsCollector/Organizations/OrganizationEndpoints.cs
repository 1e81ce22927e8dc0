using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.Contracts.Aws;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;

namespace Thalian.AwsCollector.Organizations;

/// <summary>Connect an AWS organisation once; its accounts become member connections (see OrganizationDiscovery).</summary>
public static class OrganizationEndpoints
{
    public const string Path = "/api/v1/integrations/aws-organization";

    public static void MapAwsOrganizations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("AWS organisations");
        group.MapPost("", ConnectAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithName("connectAwsOrganization").WithSummary("Connect an AWS organisation")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
        group.MapGet("", ListAsync).WithName("listAwsOrganizations").WithSummary("List connected AWS organisations with their member accounts");
        group.MapGet("/{id:guid}", GetAsync).WithName("getAwsOrganization").WithSummary("Get an AWS organisation connection with its member accounts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/discover", DiscoverNowAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithName("discoverAwsOrganization").WithSummary("List the organisation's accounts again now").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", RemoveAsync).RequireAuthorization(AuthExtensions.AdminPolicy)
            .WithName("removeAwsOrganization").WithSummary("Remove the organisation connection and all its member connections")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<OrganizationConnectedView>, ValidationProblem, ProblemHttpResult>> ConnectAsync(
        ConnectOrganizationRequest request, HttpContext http, IDocumentStore store, CredentialCheck check, OrganizationDiscovery discovery,
        ConnectionSecrets secrets, IOptions<AwsCollectorOptions> options, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var errors = OrganizationRequestShape.Check(request, options.Value.AllowAmbientCredentials, out var credentials, out var roleName, out var memberExternalId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var verified = await check.VerifyAsync(credentials, http.User.IsSandbox(), (target, _) => discovery.ListAsync(target, ct), ct);
        if (verified is not { Caller: { } caller, Result: { } listing })
        {
            return verified.Problem!;
        }
        var now = time.GetUtcNow();
        var organization = new AwsOrganizationConnection
        {
            Id = Guid.CreateVersion7(), TenantId = tenant, OrganizationId = listing.Organization.Id, ManagementAccountId = listing.Organization.ManagementAccountId,
            CallerAccountId = caller.Account, CallerArn = caller.Arn, Partition = AwsPartition.ForArn(caller.Arn).Name, Region = credentials.Region,
            DisplayName = CredentialShape.Clean(request.DisplayName) ?? $"AWS organisation {listing.Organization.Id}",
            AccessKeyId = credentials.AccessKeyId, ProtectedSecret = credentials.SecretAccessKey is null ? null : secrets.Protect(credentials.SecretAccessKey),
            UsesAmbientCredentials = credentials.Ambient, Sandbox = http.User.IsSandbox(), RoleArn = credentials.RoleArn, ExternalId = credentials.ExternalId,
            MemberRoleName = roleName, MemberExternalId = memberExternalId, CreatedAt = now, LastDiscoveryRequestedAt = now,
        };
        await using (var session = store.LightweightSession(tenant))
        {
            if (await session.Query<AwsOrganizationConnection>().AnyAsync(o => o.OrganizationId == organization.OrganizationId, ct))
            {
                return AlreadyConnected(organization.OrganizationId);
            }
            session.Store(organization);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (IsUniqueViolation(e))
            {
                return AlreadyConnected(organization.OrganizationId);
            }
        }
        await discovery.ApplyAsync(tenant, organization.Id, listing, ct);
        List<string> warnings = [.. listing.Degradations];
        if (caller.IsRoot)
        {
            warnings.Add("These are root user credentials. Create a role or user with only deploy/aws/thalian-management-policy.json and connect with that instead.");
        }
        return TypedResults.Created($"{Path}/{organization.Id}", new OrganizationConnectedView(organization.Id, "aws-organization", organization.OrganizationId,
            organization.ManagementAccountId, caller.Arn, organization.ThalianPrincipalArn, listing.Accounts.Count,
            listing.Accounts.Count(a => a.Status == AccountStates.Active), warnings));
    }

    private static async Task<Ok<List<OrganizationView>>> ListAsync(HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        var organizations = await session.Query<AwsOrganizationConnection>().OrderBy(o => o.CreatedAt).ToListAsync(ct);
        List<OrganizationView> views = [];
        foreach (var organization in organizations)
        {
            views.Add(OrganizationView.Of(organization, await ConnectionsOfAsync(session, organization, ct)));
        }
        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.User.TenantId());
        return await session.LoadAsync<AwsOrganizationConnection>(id, ct) is { } organization
            ? TypedResults.Ok(OrganizationView.Of(organization, await ConnectionsOfAsync(session, organization, ct)))
            : NotFound();
    }

    private static async Task<Results<Accepted<SyncQueued>, ProblemHttpResult>> DiscoverNowAsync(Guid id, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<AwsOrganizationConnection>(id, ct) is not { } organization)
        {
            return NotFound();
        }
        organization.LastDiscoveryRequestedAt = time.GetUtcNow();
        session.Store(organization);
        var correlationId = Guid.NewGuid();
        session.PublishAfterCommit(new DiscoverAwsOrganization(tenant, id, correlationId, "requested"));
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"{Path}/{id}", new SyncQueued(id, correlationId, "queued"));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        await using var session = store.LightweightSession(tenant);
        if (await session.LoadAsync<AwsOrganizationConnection>(id, ct) is not { } organization)
        {
            return NotFound();
        }
        var members = await session.Query<AwsConnection>().Where(c => c.OrganizationConnectionId == id).ToListAsync(ct);
        session.Delete(organization);
        var now = time.GetUtcNow();
        foreach (var member in members)
        {
            session.Delete(member);
            session.PublishAfterCommit(new AwsConnectionRemoved(tenant, member.Id, member.AccountId, now));
        }
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The organisation's member connections, plus direct connections of accounts it lists.</summary>
    private static async Task<IReadOnlyList<AwsConnection>> ConnectionsOfAsync(IQuerySession session, AwsOrganizationConnection organization, CancellationToken ct)
    {
        var listed = organization.Accounts.Select(a => a.Id).ToArray();
        return await session.Query<AwsConnection>()
            .Where(c => c.OrganizationConnectionId == organization.Id || (c.OrganizationConnectionId == null && c.AccountId.IsOneOf(listed)))
            .ToListAsync(ct);
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No AWS organisation connection with this id exists in your tenant.", statusCode: StatusCodes.Status404NotFound, title: "Organisation not found");

    private static ProblemHttpResult AlreadyConnected(string organizationId) =>
        TypedResults.Problem($"AWS organisation {organizationId} is already connected in this tenant.", statusCode: StatusCodes.Status409Conflict,
            title: "Organisation already connected");

    private static bool IsUniqueViolation(Exception? e) =>
        e is not null && (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || IsUniqueViolation(e.InnerException));
}
