namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>
/// What the API shows of a connection. The first fields are shared with the IdP collector's list so the gateway
/// can merge both; the secret is never part of it.
/// </summary>
public sealed record ConnectionView(
    Guid Id, string Type, string DisplayName, string AccountId, string Status,
    DateTimeOffset? LastSyncStartedAt, DateTimeOffset? LastSyncCompletedAt, bool? LastSyncComplete, string? LastError,
    SyncCounts? Counts, DateTimeOffset CreatedAt,
    string Partition, string Region, string CallerArn, string? AccessKeyIdEnding, bool UsesAmbientCredentials, string? RoleArn,
    IReadOnlyList<string> Degradations, Guid? OrganizationConnectionId, string? OrganizationAccountState)
{
    public static ConnectionView Of(AwsConnection c) => new(
        c.Id, "aws", c.DisplayName, c.AccountId, c.Status, c.LastSyncStartedAt, c.LastSyncCompletedAt, c.LastSyncComplete, c.LastError,
        c.Counts, c.CreatedAt, c.Partition, c.Region, c.CallerArn, c.AccessKeyId is { Length: > 4 } k ? k[^4..] : null,
        c.UsesAmbientCredentials, c.RoleArn, c.Degradations, c.OrganizationConnectionId, c.OrganizationAccountState);
}

public sealed record SyncQueued(Guid Id, Guid CorrelationId, string Status);

public sealed record ConnectedView(Guid Id, string Type, string AccountId, string CallerArn, string Partition, string Status, IReadOnlyList<string> Warnings);
