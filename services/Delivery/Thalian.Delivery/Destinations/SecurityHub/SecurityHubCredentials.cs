using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Thalian.Delivery.Destinations.SecurityHub;

/// <summary>
/// The credentials to import one account's findings with: the destination's key (or the ambient chain), then — when a
/// role is set — that role assumed (in the finding's account when the ARN has <c>{accountId}</c>), cached until shortly before it expires.
/// </summary>
public sealed class SecurityHubCredentials(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (AWSCredentials Credentials, DateTimeOffset Expires)> sessions = new(StringComparer.Ordinal);

    public async Task<AWSCredentials> ForAccountAsync(SecurityHubSettings settings, string? secretAccessKey, string accountId, CancellationToken cancellationToken)
    {
        AWSCredentials source = string.IsNullOrEmpty(settings.AccessKeyId)
            ? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()
            : new BasicAWSCredentials(settings.AccessKeyId, secretAccessKey);
        if (string.IsNullOrEmpty(settings.RoleArn))
        {
            return source;
        }
        var roleArn = settings.RoleArn.Replace("{accountId}", accountId, StringComparison.Ordinal);
        var key = $"{settings.AccessKeyId}|{roleArn}|{settings.ExternalId}|{settings.EndpointOverride}";
        if (sessions.TryGetValue(key, out var cached) && cached.Expires > time.GetUtcNow().AddMinutes(5))
        {
            return cached.Credentials;
        }
        using var sts = Sts(source, settings);
        try
        {
            var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = roleArn,
                RoleSessionName = "thalian-delivery",
                ExternalId = string.IsNullOrEmpty(settings.ExternalId) ? null : settings.ExternalId,
                DurationSeconds = 3600,
            }, cancellationToken);
            var c = response.Credentials;
            var session = new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
            sessions[key] = (session, c.Expiration is { } expires ? new DateTimeOffset(expires.ToUniversalTime(), TimeSpan.Zero) : time.GetUtcNow().AddMinutes(55));
            return session;
        }
        catch (AmazonServiceException e)
        {
            var transient = (int)e.StatusCode >= 500 || e.ErrorCode?.Contains("Throttl", StringComparison.OrdinalIgnoreCase) == true;
            throw new SecurityHubException($"Could not assume {roleArn} ({e.ErrorCode}: {e.Message}).", e.ErrorCode ?? "AssumeRoleFailed", !transient, null);
        }
    }

    /// <summary>The account the credentials belong to (STS GetCallerIdentity), for the test event.</summary>
    public static async Task<string> AccountOfAsync(AWSCredentials credentials, SecurityHubSettings settings, CancellationToken cancellationToken)
    {
        using var sts = Sts(credentials, settings);
        try
        {
            return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken)).Account;
        }
        catch (AmazonServiceException e)
        {
            throw new SecurityHubException($"STS refused the destination's credentials ({e.ErrorCode}: {e.Message}).", e.ErrorCode ?? "GetCallerIdentityFailed", (int)e.StatusCode < 500, null);
        }
    }

    private static AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials, SecurityHubSettings settings)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        if (settings.EndpointOverride is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region!);
        }
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }
}
