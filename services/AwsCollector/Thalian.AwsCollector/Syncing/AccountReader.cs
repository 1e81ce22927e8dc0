using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.ConnectingAccounts;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Syncing;

/// <summary>Reads one account completely (IAM, credential report, summary, CloudTrail) into a snapshot; throws on any failure that leaves it incomplete.</summary>
public sealed class AccountReader(AwsTargets targets, IamClient iam, CredentialReportFetcher reports, OptionalUserReads optional,
    RootActivityReader rootActivity, ConnectionSecrets secrets)
{
    public async Task<SyncSnapshot> ReadAsync(AwsConnection connection, CancellationToken ct)
    {
        var (target, caller) = await targets.ResolveAsync(secrets.CredentialsOf(connection), ct);
        if (caller.Account != connection.AccountId)
        {
            throw new InvalidOperationException(
                $"The stored credentials now belong to AWS account {caller.Account}, but this connection is for {connection.AccountId}. Edit the credentials.");
        }
        var degradations = new List<string>();
        var details = await iam.GetAuthorizationDetailsAsync(target, ct);
        var virtualMfa = await iam.ListVirtualMfaDevicesAsync(target, ct);
        var report = await reports.FetchAsync(target, ct);
        var parsed = CredentialReportParser.Parse(report.Csv);
        var summary = await iam.GetAccountSummaryAsync(target, ct);
        var extras = await optional.ReadAsync(target, details, parsed, virtualMfa, degradations, ct);
        var root = await rootActivity.ReadAsync(target, connection.CloudTrailRegions, connection.CloudTrailCheckedUntil, connection.RecentRootActivity, ct);
        if (!root.Available)
        {
            degradations.Add($"cloudtrail:LookupEvents unavailable: {root.Error}");
        }
        var rootUnparseable = parsed.Problems.GetValueOrDefault(ParsedCredentialReport.RootUser) ?? [];
        var posture = new AccountPosture
        {
            AccountMfaEnabled = summary.TryGetValue("AccountMFAEnabled", out var mfa) ? mfa : null,
            Summary = summary,
            RootCredentials = parsed.Rows.GetValueOrDefault(ParsedCredentialReport.RootUser),
            CredentialReportGeneratedAt = report.GeneratedAt,
            RootActivity = root.Activity,
            CloudTrailAvailable = root.Available,
            CloudTrailError = root.Error,
            Unparseable = [.. rootUnparseable.Select(p => p.Problem), .. root.Unparseable],
            DataProblems = rootUnparseable,
        };
        return new SyncSnapshot(caller.Account, target.Partition.Name,
            IdentityAssembler.Users(details, parsed, virtualMfa, extras), IdentityAssembler.Roles(details),
            posture, degradations, root.CheckedUntil);
    }
}
