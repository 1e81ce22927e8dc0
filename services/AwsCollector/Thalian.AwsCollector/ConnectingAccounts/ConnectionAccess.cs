using Marten;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.Organizations;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <param name="RootCredentialsManagedByOrganization">Member accounts only: the organisation's centralised root access, when known.</param>
public sealed record AccountAccess(AwsTarget Target, CallerIdentity Caller, bool? RootCredentialsManagedByOrganization);

/// <summary>Opens a connection for reading: its own credentials, or for a member account the organisation's member role.</summary>
public sealed class ConnectionAccess(IDocumentStore store, AwsTargets targets, ConnectionSecrets secrets, MemberCredentials members)
{
    public async Task<AccountAccess> OpenAsync(AwsConnection connection, CancellationToken ct)
    {
        if (connection.OrganizationConnectionId is not { } organizationId)
        {
            var (target, caller) = await targets.ResolveAsync(secrets.CredentialsOf(connection), ct);
            return new AccountAccess(target, caller, null);
        }
        AwsOrganizationConnection organization;
        await using (var session = store.QuerySession(connection.TenantId!))
        {
            organization = await session.LoadAsync<AwsOrganizationConnection>(organizationId, ct)
                ?? throw new InvalidOperationException("The organisation connection of this member account was removed.");
        }
        var credentials = await members.ForAsync(organization, connection.AccountId, ct);
        var (memberTarget, memberCaller) = await targets.ResolveAsync(credentials, organization.Region, organization.Sandbox, ct);
        // Centralised root access covers member accounts, never the management account itself.
        var managedRoot = connection.AccountId == organization.ManagementAccountId ? null : organization.RootCredentialsManagement;
        return new AccountAccess(memberTarget, memberCaller, managedRoot);
    }
}
