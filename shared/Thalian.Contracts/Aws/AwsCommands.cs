namespace Thalian.Contracts.Aws;

/// <summary>Asks any replica of the AWS collector to run a full sync of one connection (competing consumers).</summary>
[EntityName("thalian.aws.sync-aws-account")]
public sealed record SyncAwsAccount(string TenantId, Guid ConnectionId, Guid CorrelationId, string Reason);
