using System.Collections.Concurrent;
using Amazon.Runtime;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;

namespace Thalian.AwsCollector.Organizations;

/// <summary>The member role could not be assumed; the message names the role and the exact fix.</summary>
public sealed class MemberRoleUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Temporary credentials for member accounts: management credentials → sts:AssumeRole into the member role. Sessions are
/// reused until shortly before they expire, so a thousand members cost a thousand AssumeRole calls per hour at most,
/// not one per API call. Nothing here is stored or leaves the process.
/// </summary>
public sealed class MemberCredentials(AwsTargets targets, StsClient sts, ConnectionSecrets secrets, TimeProvider time)
{
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, AssumedRole> sessions = new(StringComparer.Ordinal);

    public async Task<AWSCredentials> ForAsync(AwsOrganizationConnection organization, string accountId, CancellationToken ct)
    {
        var roleArn = organization.MemberRoleArn(accountId);
        var key = $"{organization.TenantId}/{organization.Id}/{roleArn}";
        if (sessions.TryGetValue(key, out var cached) && cached.Expires - time.GetUtcNow() > RefreshBefore)
        {
            return cached.Credentials;
        }
        var management = await targets.CredentialsAsync(secrets.CredentialsOf(organization), ct);
        try
        {
            var assumed = await sts.AssumeRoleAsync(management, organization.Region, targets.EndpointFor(organization.Sandbox), roleArn, organization.MemberExternalId, ct);
            sessions[key] = assumed;
            return assumed.Credentials;
        }
        catch (AwsApiException e) when (e.IsAccessDenied || e.Code == "NoSuchEntity")
        {
            sessions.TryRemove(key, out _);
            throw new MemberRoleUnavailableException(MemberRoleProblem.Describe(organization, accountId), e);
        }
    }

    /// <summary>Sessions cached now (for tests and the benchmark: proves reuse).</summary>
    public int CachedSessions => sessions.Count;
}

public static class MemberRoleProblem
{
    public static string Describe(AwsOrganizationConnection organization, string accountId) =>
        $"Role missing or not trusting Thalian: AWS refused sts:AssumeRole into {organization.MemberRoleArn(accountId)}. " +
        $"Fix: deploy deploy/aws/thalian-member-role.json to account {accountId} — add the account or its OU to the deployment targets of the " +
        $"{organization.MemberRoleName} StackSet (StackSets never deploy to the management account: create a plain stack there) — with " +
        $"ThalianPrincipalArn = {organization.ThalianPrincipalArn} and ExternalId = the member ExternalId given when the organisation was connected. " +
        $"If the role exists, its trust policy must allow {organization.ThalianPrincipalArn} to call sts:AssumeRole with that sts:ExternalId.";
}
