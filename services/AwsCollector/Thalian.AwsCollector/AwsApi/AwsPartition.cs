using Amazon;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>Where a partition's global and regional endpoints live and which region IAM signs for.</summary>
public sealed record AwsPartition(string Name, string DnsSuffix, string IamHost, string IamSigningRegion, string DefaultRegion)
{
    public static readonly AwsPartition Aws = new("aws", "amazonaws.com", "iam.amazonaws.com", "us-east-1", "us-east-1");
    public static readonly AwsPartition China = new("aws-cn", "amazonaws.com.cn", "iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "cn-north-1");
    public static readonly AwsPartition GovCloud = new("aws-us-gov", "amazonaws.com", "iam.us-gov.amazonaws.com", "us-gov-west-1", "us-gov-west-1");

    public static AwsPartition ForRegion(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? China
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud
        : Aws;

    public static AwsPartition ForName(string name) => name switch
    {
        "aws-cn" => China,
        "aws-us-gov" => GovCloud,
        _ => Aws,
    };

    /// <summary>The partition is the second field of every ARN (arn:PARTITION:service::account:resource).</summary>
    public static AwsPartition ForArn(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 1 ? ForName(parts[1]) : Aws;
    }

    /// <summary>Whether the region is a real one of this partition, as the AWS SDK knows them (the isolated partitions excluded).</summary>
    public bool Contains(string region) => Regions.Contains(region);

    public IReadOnlyCollection<string> Regions => KnownRegions.Value[Name].ToList();

    private static readonly Lazy<ILookup<string, string>> KnownRegions = new(() => RegionEndpoint.EnumerableAllRegions
        .Select(r => r.SystemName).Where(r => !r.Contains("-iso", StringComparison.Ordinal)).ToLookup(r => ForRegion(r).Name));

    public string StsHost(string region) => $"sts.{region}.{DnsSuffix}";

    public string CloudTrailHost(string region) => $"cloudtrail.{region}.{DnsSuffix}";

    public string OrganizationsSigningRegion => Name switch { "aws-cn" => "cn-northwest-1", "aws-us-gov" => "us-gov-west-1", _ => "us-east-1" };

    public string OrganizationsHost => $"organizations.{OrganizationsSigningRegion}.{DnsSuffix}";

    public string ManagedPolicyArn(string name) => $"arn:{Name}:iam::aws:policy/{name}";
}
