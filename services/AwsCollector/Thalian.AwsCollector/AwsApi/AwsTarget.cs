using Amazon.Runtime;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>
/// One account as seen through one set of credentials. <see cref="EndpointOverride"/> sends every service to a
/// single URL (moto, the emulator); signing scope stays what real AWS expects.
/// </summary>
public sealed record AwsTarget(AWSCredentials Credentials, AwsPartition Partition, string HomeRegion, Uri? EndpointOverride)
{
    /// <summary>Names the target for rate limits; the account id once known.</summary>
    public string AccountKey { get; init; } = "unknown";

    public AwsEndpoint Iam() => Resolve("iam", Partition.IamHost, Partition.IamSigningRegion);

    /// <summary>Organizations is global: one endpoint per partition, like IAM.</summary>
    public AwsEndpoint Organizations() => Resolve("organizations", Partition.OrganizationsHost, Partition.OrganizationsSigningRegion);

    public AwsEndpoint CloudTrail(string region) => Resolve("cloudtrail", Partition.CloudTrailHost(region), region);

    private AwsEndpoint Resolve(string service, string host, string signingRegion) =>
        new(EndpointOverride ?? new Uri($"https://{host}/"), service, signingRegion);
}

public sealed record AwsEndpoint(Uri Url, string Service, string SigningRegion);
