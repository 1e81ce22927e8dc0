using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>
/// How to reach one account: stored keys or the ambient chain, optionally through AssumeRole. Only a
/// <paramref name="Sandbox"/> connection (of a demo/test tenant) goes to the configured endpoint override; every other goes to AWS.
/// </summary>
public sealed record ConnectionCredentials(string? AccessKeyId, string? SecretAccessKey, bool Ambient, string Region, string? RoleArn, string? ExternalId,
    bool Sandbox);

/// <summary>Turns connection credentials into a signed target, verified with STS GetCallerIdentity.</summary>
public sealed class AwsTargets(StsClient sts, IOptions<AwsCollectorOptions> options)
{
    public async Task<(AwsTarget Target, CallerIdentity Caller)> ResolveAsync(ConnectionCredentials connection, CancellationToken ct) =>
        await ResolveAsync(await CredentialsAsync(connection, ct), connection.Region, connection.Sandbox, ct);

    public async Task<AWSCredentials> CredentialsAsync(ConnectionCredentials connection, CancellationToken ct)
    {
        AWSCredentials credentials = connection.Ambient
            ? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync()
            : new BasicAWSCredentials(connection.AccessKeyId, connection.SecretAccessKey);
        return string.IsNullOrEmpty(connection.RoleArn)
            ? credentials
            : (await sts.AssumeRoleAsync(credentials, connection.Region, EndpointFor(connection.Sandbox), connection.RoleArn, connection.ExternalId, ct)).Credentials;
    }

    public async Task<(AwsTarget Target, CallerIdentity Caller)> ResolveAsync(AWSCredentials credentials, string region, bool sandbox, CancellationToken ct)
    {
        var endpointOverride = EndpointFor(sandbox);
        var caller = await sts.GetCallerIdentityAsync(credentials, region, endpointOverride, ct);
        var partition = AwsPartition.ForArn(caller.Arn);
        var target = new AwsTarget(credentials, partition, region, endpointOverride) { AccountKey = caller.Account };
        return (target, caller);
    }

    /// <summary>The emulator endpoint for a sandbox connection; every other connection goes to AWS.</summary>
    public Uri? EndpointFor(bool sandbox) => sandbox ? options.Value.EndpointOverrideUri : null;
}
