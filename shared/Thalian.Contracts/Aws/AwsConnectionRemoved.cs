namespace Thalian.Contracts.Aws;

/// <summary>An AWS connection was deleted; its account's identities are no longer watched.</summary>
[EntityName("thalian.aws.connection-removed")]
public sealed record AwsConnectionRemoved(string TenantId, Guid ConnectionId, string AccountId, DateTimeOffset RemovedAt);
