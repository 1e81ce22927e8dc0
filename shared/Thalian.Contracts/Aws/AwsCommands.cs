namespace Thalian.Contracts.Aws;

/// <summary>Asks any replica of the AWS collector to run a full sync of one connection (competing consumers).</summary>
[EntityName("thalian.aws.sync-aws-account")]
public sealed record SyncAwsAccount(string TenantId, Guid ConnectionId, Guid CorrelationId, string Reason);

/// <summary>Asks any replica of the AWS collector to list an organisation's accounts and update its member connections.</summary>
[EntityName("thalian.aws.discover-aws-organization")]
public sealed record DiscoverAwsOrganization(string TenantId, Guid OrganizationConnectionId, Guid CorrelationId, string Reason);
