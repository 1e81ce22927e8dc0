using Marten;
using MassTransit;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Iam;
using Thalian.AwsCollector.Syncing;

namespace Thalian.AwsCollector.Organizations;

/// <summary>What one complete organizations:ListAccounts run found, with the centralised-root-access answer.</summary>
public sealed record OrganizationListing(OrganizationDescription Organization, IReadOnlyList<OrganizationAccount> Accounts,
    bool? RootCredentialsManagement, IReadOnlyList<string> Degradations);

/// <summary>
/// Lists an organisation and brings its member connections in line: new ACTIVE accounts become members, members that
/// are suspended, closing or no longer listed stop syncing and keep their findings. Each new or stopped member is announced
/// with an incomplete sync-completed naming the reason (no observations, so nothing downstream resolves or deletes).
/// Only a complete listing changes anything.
/// </summary>
public sealed class OrganizationDiscovery(IDocumentStore store, AwsTargets targets, ConnectionSecrets secrets, OrganizationsClient organizations,
    IamClient iam, SyncPublisher publisher, SyncDispatcher dispatcher, TimeProvider time, ILogger<OrganizationDiscovery> logger)
{
    public async Task<OrganizationListing> ListAsync(AwsTarget management, CancellationToken ct)
    {
        var description = await organizations.DescribeOrganizationAsync(management, ct);
        var accounts = await organizations.ListAccountsAsync(management, ct);
        bool? rootManagement = null;
        List<string> degradations = [];
        try
        {
            rootManagement = (await iam.ListOrganizationsFeaturesAsync(management, ct)).Contains("RootCredentialsManagement", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is AwsApiException or AwsMalformedResponseException)
        {
            degradations.Add($"iam:ListOrganizationsFeatures unavailable ({AwsProblems.Describe(e)}); organisation-managed root is judged from each account's credential report.");
        }
        return new OrganizationListing(description, accounts, rootManagement, degradations);
    }

    /// <summary>Lists again with the stored credentials and applies the result; a failure is recorded and changes nothing else.</summary>
    public async Task RunAsync(string tenant, Guid organizationId, CancellationToken ct)
    {
        AwsOrganizationConnection? organization;
        await using (var query = store.QuerySession(tenant))
        {
            organization = await query.LoadAsync<AwsOrganizationConnection>(organizationId, ct);
        }
        if (organization is null)
        {
            return;
        }
        OrganizationListing listing;
        try
        {
            var (management, _) = await targets.ResolveAsync(secrets.CredentialsOf(organization), ct);
            listing = await ListAsync(management, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = AwsProblems.Describe(e);
            logger.LogWarning("Discovery of AWS organisation {OrganizationId} failed; its member accounts are left as they were: {Error}", organization.OrganizationId, error);
            await using var session = store.LightweightSession(tenant);
            if (await session.LoadAsync<AwsOrganizationConnection>(organizationId, ct) is { } fresh)
            {
                fresh.LastDiscoveryError = error;
                session.Store(fresh);
                await session.SaveChangesAsync(ct);
            }
            return;
        }
        await ApplyAsync(tenant, organizationId, listing, ct);
    }

    public async Task ApplyAsync(string tenant, Guid organizationId, OrganizationListing listing, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<(AwsConnection Member, string Reason)> announced = [];
        await using (var session = store.LightweightSession(tenant))
        {
            if (await session.LoadAsync<AwsOrganizationConnection>(organizationId, ct) is not { } organization)
            {
                return;
            }
            var members = (await session.Query<AwsConnection>().Where(c => c.OrganizationConnectionId == organizationId).ToListAsync(ct))
                .ToDictionary(c => c.AccountId, StringComparer.Ordinal);
            var listedIds = listing.Accounts.Select(a => a.Id).ToArray();
            var direct = (await session.Query<AwsConnection>().Where(c => c.AccountId.IsOneOf(listedIds) && c.OrganizationConnectionId == null).ToListAsync(ct))
                .Select(c => c.AccountId).ToHashSet(StringComparer.Ordinal);
            foreach (var account in listing.Accounts.Where(a => !direct.Contains(a.Id)))
            {
                if (!members.TryGetValue(account.Id, out var member))
                {
                    member = new AwsConnection
                    {
                        Id = Guid.CreateVersion7(), TenantId = tenant, AccountId = account.Id, Partition = organization.Partition, Region = organization.Region,
                        OrganizationConnectionId = organizationId, Sandbox = organization.Sandbox, CreatedAt = now,
                    };
                    if (account.Status == AccountStates.Active)
                    {
                        // Makes the account one of the tenant's before any member's first sync settles, so a trust
                        // between siblings is never judged while one of them is still unknown downstream.
                        announced.Add((member, $"Discovered in AWS organisation {organization.OrganizationId}; its first sync is queued."));
                    }
                }
                member.DisplayName = account.Name.Length > 0 ? account.Name : $"AWS {account.Id}";
                if (Change(member, account.Status, organization) is { } reason)
                {
                    announced.Add((member, reason));
                }
                session.Store(member);
            }
            foreach (var gone in members.Values.Where(m => !listedIds.Contains(m.AccountId, StringComparer.Ordinal)))
            {
                if (Change(gone, AccountStates.NotListed, organization) is { } reason)
                {
                    announced.Add((gone, reason));
                }
                session.Store(gone);
            }
            organization.Accounts = listing.Accounts;
            organization.RootCredentialsManagement = listing.RootCredentialsManagement;
            organization.Degradations = listing.Degradations;
            organization.LastDiscoveredAt = now;
            organization.LastDiscoveryError = null;
            session.Store(organization);
            foreach (var (member, reason) in announced)
            {
                // An incomplete run without observations, committed with the discovery: downstream the account is one of
                // the tenant's (trusts to it are not cross-account), and nothing is resolved or deleted — a stopped
                // member's findings stay open as last seen.
                publisher.PublishFailure(session, new SyncRun(tenant, member.Id, Guid.NewGuid(), Guid.CreateVersion7(), now), member.AccountId, reason);
            }
            await session.SaveChangesAsync(ct);
        }
        await dispatcher.DispatchAsync(tenant, ct);
    }

    /// <summary>Moves a member to the listed state; returns the reason when it just stopped syncing.</summary>
    private static string? Change(AwsConnection member, string state, AwsOrganizationConnection organization)
    {
        var previous = member.OrganizationAccountState;
        member.OrganizationAccountState = state;
        if (state == AccountStates.Active)
        {
            if (previous is not null and not AccountStates.Active)
            {
                member.Status = ConnectionStatus.Connected;
                member.LastError = null;
                member.LastSyncRequestedAt = null;
            }
            return null;
        }
        var (status, reason) = state switch
        {
            AccountStates.Suspended => (ConnectionStatus.Suspended,
                $"Account {member.AccountId} is SUSPENDED in AWS organisation {organization.OrganizationId}: Thalian stopped syncing it and keeps its findings as last seen (not resolved). It syncs again if the account is reinstated."),
            AccountStates.PendingClosure => (ConnectionStatus.PendingClosure,
                $"Account {member.AccountId} is PENDING_CLOSURE in AWS organisation {organization.OrganizationId}: Thalian stopped syncing it and keeps its findings as last seen (not resolved)."),
            AccountStates.NotListed => (ConnectionStatus.LeftOrganization,
                $"Account {member.AccountId} is no longer listed in AWS organisation {organization.OrganizationId}: Thalian stopped syncing it and keeps its findings as last seen (not resolved). Connect it directly to keep watching it."),
            _ => (ConnectionStatus.Suspended,
                $"Account {member.AccountId} is {state} in AWS organisation {organization.OrganizationId}: Thalian does not sync it in this state and keeps its findings as last seen."),
        };
        member.Status = status;
        member.LastError = reason;
        return previous == state ? null : reason;
    }
}
