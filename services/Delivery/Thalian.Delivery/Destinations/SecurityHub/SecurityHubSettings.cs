namespace Thalian.Delivery.Destinations.SecurityHub;

/// <summary>
/// Where findings are imported. Security Hub accepts a finding only from its own account, so with several AWS
/// accounts give <see cref="RoleArn"/> with an <c>{accountId}</c> placeholder: the role is assumed in each finding's account.
/// </summary>
public sealed record SecurityHubSettings
{
    public string? Region { get; init; }
    /// <summary>"aws", "aws-cn" or "aws-us-gov".</summary>
    public string Partition { get; init; } = "aws";
    /// <summary>Access key of the destination; its secret is the destination's write-only secret. Empty = the service's ambient credentials.</summary>
    public string? AccessKeyId { get; init; }
    /// <summary>Role to assume (with the key, or with the ambient credentials), e.g. <c>arn:aws:iam::{accountId}:role/ThalianSecurityHub</c>.</summary>
    public string? RoleArn { get; init; }
    public string? ExternalId { get; init; }
    /// <summary>Tests and private endpoints only: one URL for Security Hub and STS (moto).</summary>
    public Uri? EndpointOverride { get; init; }
}
