using Marten;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>"Edit credentials": validated exactly like a new connection, and must still reach the same account.</summary>
public static class RotatingCredentials
{
    public static async Task<IResult> RotateAsync(Guid id, RotateCredentialsRequest request, HttpContext http, IDocumentStore store,
        CredentialCheck check, ConnectionSecrets secrets, IOptions<AwsCollectorOptions> options, CancellationToken ct)
    {
        await using var session = store.LightweightSession(http.User.TenantId());
        if (await session.LoadAsync<AwsConnection>(id, ct) is not { } connection)
        {
            return ConnectionEndpoints.NotFound();
        }
        if (connection.OrganizationConnectionId is { } organizationId)
        {
            return ConnectionEndpoints.ManagedByOrganization(organizationId);
        }
        var errors = CredentialShape.Check(request.AccessKeyId, request.SecretAccessKey, request.UseAmbientCredentials == true,
            options.Value.AllowAmbientCredentials, connection.Region, request.RoleArn, request.ExternalId, out var credentials);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        var verified = await check.VerifyAsync(credentials, connection.Sandbox, ct);
        if (verified.Caller is not { } caller)
        {
            return verified.Problem!;
        }
        if (caller.Account != connection.AccountId)
        {
            return Results.Problem($"These credentials belong to AWS account {caller.Account}, but this connection is for {connection.AccountId}.",
                statusCode: StatusCodes.Status409Conflict, title: "Different AWS account");
        }
        connection.AccessKeyId = credentials.AccessKeyId;
        connection.ProtectedSecret = credentials.SecretAccessKey is null ? null : secrets.Protect(credentials.SecretAccessKey);
        connection.UsesAmbientCredentials = credentials.Ambient;
        connection.RoleArn = credentials.RoleArn;
        connection.ExternalId = credentials.ExternalId;
        connection.CallerArn = caller.Arn;
        session.Store(connection);
        await session.SaveChangesAsync(ct);
        return Results.Ok(ConnectionView.Of(connection));
    }
}
