using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>How to reach one account: stored keys or the ambient chain, optionally through AssumeRole.</summary>
public sealed record ConnectionCredentials(string? AccessKeyId, string? SecretAccessKey, bool Ambient, string Region, string? RoleArn, string? ExternalId);

/// <summary>Turns connection credentials into a signed target, verified with STS GetCallerIdentity.</summary>
public sealed class AwsTargets(StsClient sts, IOptions<AwsCollectorOptions> options)
{
    public async Task<(AwsTarget Target, CallerIdentity Caller)> ResolveAsync(ConnectionCredentials connection, CancellationToken ct) =>
        await ResolveAsync(await CredentialsAsync(connection, ct), connection.Region, ct);

    public async Task<AWSCredentials> CredentialsAsync(ConnectionCredentials connection, CancellationToken ct)
    {
        AWSCredentials credentials = connection.Ambient
            ? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()
            : new BasicAWSCredentials(connection.AccessKeyId, connection.SecretAccessKey);
        return string.IsNullOrEmpty(connection.RoleArn)
            ? credentials
            : (await sts.AssumeRoleAsync(credentials, connection.Region, connection.RoleArn, connection.ExternalId, ct)).Credentials;
    }

    public async Task<(AwsTarget Target, CallerIdentity Caller)> ResolveAsync(AWSCredentials credentials, string region, CancellationToken ct)
    {
        var caller = await sts.GetCallerIdentityAsync(credentials, region, ct);
        var partition = AwsPartition.ForArn(caller.Arn);
        var target = new AwsTarget(credentials, partition, region, options.Value.EndpointOverrideUri) { AccountKey = caller.Account };
        return (target, caller);
    }
}
