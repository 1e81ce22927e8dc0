using Thalian.AwsCollector.ConnectingAccounts;

namespace Thalian.AwsCollector.Organizations;

/// <summary>An organisation connection as the API shows it: never a secret, never the member ExternalId.</summary>
public sealed record OrganizationView(
    Guid Id, string Type, string DisplayName, string OrganizationId, string ManagementAccountId, string CallerAccountId, string CallerArn,
    string ThalianPrincipalArn, string Partition, string Region, string? AccessKeyIdEnding, bool UsesAmbientCredentials, string? RoleArn,
    string MemberRoleName, DateTimeOffset CreatedAt, DateTimeOffset? LastDiscoveredAt, string? LastDiscoveryError, bool? RootCredentialsManagement,
    IReadOnlyList<string> Degradations, int AccountCount, IReadOnlyList<MemberView> Members)
{
    public static OrganizationView Of(AwsOrganizationConnection o, IReadOnlyList<AwsConnection> connections)
    {
        var byAccount = connections.ToDictionary(c => c.AccountId, StringComparer.Ordinal);
        var members = o.Accounts.Select(a => byAccount.TryGetValue(a.Id, out var c) ? MemberView.Of(c, a.Status) : MemberView.Pending(a))
            .Concat(connections.Where(c => c.OrganizationConnectionId == o.Id && o.Accounts.All(a => a.Id != c.AccountId)).Select(c => MemberView.Of(c, c.OrganizationAccountState)))
            .ToList();
        return new OrganizationView(o.Id, "aws-organization", o.DisplayName, o.OrganizationId, o.ManagementAccountId, o.CallerAccountId, o.CallerArn,
            o.ThalianPrincipalArn, o.Partition, o.Region, o.AccessKeyId is { Length: > 4 } k ? k[^4..] : null, o.UsesAmbientCredentials, o.RoleArn,
            o.MemberRoleName, o.CreatedAt, o.LastDiscoveredAt, o.LastDiscoveryError, o.RootCredentialsManagement, o.Degradations, o.Accounts.Count, members);
    }
}

/// <param name="ConnectionId">The member connection (read-only view of the organisation's access); null when the account is connected directly instead.</param>
/// <param name="OrganizationStatus">ACTIVE, SUSPENDED, PENDING_CLOSURE or NOT_LISTED.</param>
/// <param name="Status">connected, syncing, synced, incomplete, role-missing, suspended, pending-closure, left-organization, connected-directly or pending.</param>
public sealed record MemberView(
    string AccountId, string Name, string? OrganizationStatus, Guid? ConnectionId, string Status, DateTimeOffset? LastSyncCompletedAt,
    bool? LastSyncComplete, string? LastError, SyncCounts? Counts)
{
    public static MemberView Of(AwsConnection c, string? organizationStatus) => c.OrganizationConnectionId is null
        ? new(c.AccountId, c.DisplayName, organizationStatus, null, "connected-directly", c.LastSyncCompletedAt, c.LastSyncComplete, null, c.Counts)
        : new(c.AccountId, c.DisplayName, organizationStatus, c.Id, c.Status, c.LastSyncCompletedAt, c.LastSyncComplete, c.LastError, c.Counts);

    /// <summary>Listed, but its member connection is not stored yet (discovery is applying the listing).</summary>
    public static MemberView Pending(OrganizationAccount a) => new(a.Id, a.Name, a.Status, null, "pending", null, null, null, null);
}

public sealed record OrganizationConnectedView(
    Guid Id, string Type, string OrganizationId, string ManagementAccountId, string CallerArn, string ThalianPrincipalArn, int AccountCount,
    int ActiveAccountCount, IReadOnlyList<string> Warnings);
