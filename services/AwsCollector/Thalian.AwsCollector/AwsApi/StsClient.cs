using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Thalian.AwsCollector.AwsApi;

public sealed record CallerIdentity(string Account, string Arn, string UserId)
{
    public bool IsRoot => Arn.EndsWith(":root", StringComparison.Ordinal);
}

/// <summary>Temporary credentials from sts:AssumeRole and when AWS stops accepting them.</summary>
public sealed record AssumedRole(AWSCredentials Credentials, DateTimeOffset Expires);

/// <summary>STS through AWSSDK.SecurityToken; SDK errors become <see cref="AwsApiException"/>.</summary>
public sealed class StsClient
{
    public async Task<CallerIdentity> GetCallerIdentityAsync(AWSCredentials credentials, string region, Uri? endpointOverride, CancellationToken ct)
    {
        using var client = Create(credentials, region, endpointOverride);
        var response = await Call("sts:GetCallerIdentity", () => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct));
        return new CallerIdentity(response.Account, response.Arn, response.UserId);
    }

    public async Task<AssumedRole> AssumeRoleAsync(AWSCredentials source, string region, Uri? endpointOverride, string roleArn, string? externalId,
        CancellationToken ct)
    {
        using var client = Create(source, region, endpointOverride);
        var response = await Call("sts:AssumeRole", () => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = "thalian-collector",
            ExternalId = string.IsNullOrEmpty(externalId) ? null : externalId,
            DurationSeconds = 3600,
        }, ct));
        var c = response.Credentials;
        var expires = c.Expiration is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.UtcNow.AddMinutes(15);
        return new AssumedRole(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expires);
    }

    private static AmazonSecurityTokenServiceClient Create(AWSCredentials credentials, string region, Uri? endpointOverride)
    {
        // Throttling needs the SDK's back-off (a busy account's quota is shared with other tools); the timeout keeps a
        // connect that cannot reach STS from hanging.
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 4, Timeout = TimeSpan.FromSeconds(20) };
        if (endpointOverride is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private static async Task<T> Call<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode))
        {
            throw new AwsApiException(action, e.ErrorCode, e.Message, e.StatusCode);
        }
    }
}
