using System.Text.RegularExpressions;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>POST body. Values are trimmed (pasted keys often carry spaces or line breaks).</summary>
public sealed record ConnectAwsRequest(
    string? AccessKeyId, string? SecretAccessKey, string? Region, string? RoleArn, string? ExternalId,
    bool? UseAmbientCredentials, string? DisplayName, string[]? CloudTrailRegions);

public sealed record RotateCredentialsRequest(string? AccessKeyId, string? SecretAccessKey, string? RoleArn, string? ExternalId, bool? UseAmbientCredentials);

/// <summary>The request after trimming and shape checks; nothing here has been to AWS yet.</summary>
public sealed record ValidatedCredentials(string? AccessKeyId, string? SecretAccessKey, bool Ambient, string Region, string? RoleArn, string? ExternalId);

public static partial class CredentialShape
{
    public static Dictionary<string, string[]> Check(string? accessKeyId, string? secret, bool ambient, bool ambientAllowed,
        string region, string? roleArn, string? externalId, out ValidatedCredentials validated)
    {
        var errors = new Dictionary<string, string[]>();
        var key = Clean(accessKeyId);
        var secretValue = Clean(secret);
        var role = Clean(roleArn);
        var external = Clean(externalId);
        if (ambient)
        {
            if (!ambientAllowed)
            {
                errors["useAmbientCredentials"] = ["This deployment does not allow the default AWS credential chain (Thalian:Aws:AllowAmbientCredentials)."];
            }
            if (key is not null || secretValue is not null)
            {
                errors["useAmbientCredentials"] = ["Give either an access key or useAmbientCredentials, not both."];
            }
        }
        else
        {
            if (key is null || !AccessKeyIdPattern().IsMatch(key))
            {
                errors["accessKeyId"] = [key is not null && key.StartsWith("ASIA", StringComparison.Ordinal)
                    ? "ASIA… keys are temporary session keys; connect with a long-term access key id (AKIA…)."
                    : "An access key id is 20 characters, upper-case letters and digits, and a long-term key starts with AKIA."];
            }
            if (secretValue is null || !SecretPattern().IsMatch(secretValue))
            {
                errors["secretAccessKey"] = ["A secret access key is 40 characters of letters, digits, '/', '+' and '=' (check for missing or extra characters)."];
            }
        }
        if (!RegionPattern().IsMatch(region))
        {
            errors["region"] = ["Not an AWS region name (for example us-east-1)."];
        }
        if (role is not null && !RoleArnPattern().IsMatch(role))
        {
            errors["roleArn"] = ["A role ARN looks like arn:aws:iam::123456789012:role/Name."];
        }
        if (external is not null && (role is null || !ExternalIdPattern().IsMatch(external)))
        {
            errors["externalId"] = [role is null ? "An ExternalId is only used together with a role ARN." : "An ExternalId is 2–1224 characters of letters, digits and +=,.@:/-_"];
        }
        validated = new ValidatedCredentials(key, secretValue, ambient, region, role, external);
        return errors;
    }

    /// <summary>
    /// Every region must be a real one of the home region's partition, so a connection cannot make a sync search made-up
    /// regions (each a DNS failure) or more regions than the partition has.
    /// </summary>
    public static void CheckRegions(string region, IReadOnlyCollection<string> trailRegions, Dictionary<string, string[]> errors)
    {
        var partition = AwsPartition.ForRegion(region);
        if (!errors.ContainsKey("region") && !partition.Contains(region))
        {
            errors["region"] = [$"'{region}' is not a region of the {partition.Name} partition (for example {partition.DefaultRegion})."];
        }
        if (trailRegions.Count > partition.Regions.Count)
        {
            errors["cloudTrailRegions"] = [$"At most {partition.Regions.Count} regions (the {partition.Name} partition has {partition.Regions.Count}); {trailRegions.Count} were given."];
        }
        else if (trailRegions.FirstOrDefault(r => !partition.Contains(r)) is { } badRegion)
        {
            errors["cloudTrailRegions"] = [$"'{badRegion}' is not a region of the {partition.Name} partition (for example eu-west-1)."];
        }
    }

    public static bool IsExternalId(string value) => ExternalIdPattern().IsMatch(value);

    public static bool IsRoleName(string value) => RoleNamePattern().IsMatch(value);

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^AKIA[A-Z0-9]{16}$")]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex("^[A-Za-z0-9/+=]{40}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/.+$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();
}
