using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Syncing;

/// <summary>
/// ListMFADevices and ListAccessKeys are outside the minimal policy: used where permitted, and an AccessDenied
/// only degrades the data (recorded), it never fails the sync.
/// </summary>
public sealed class OptionalUserReads(IamClient iam)
{
    public async Task<UserExtras> ReadAsync(AwsTarget target, AuthorizationDetails details, ParsedCredentialReport report,
        IReadOnlyList<VirtualMfaAssignment> virtualMfa, List<string> degradations, CancellationToken ct)
    {
        var withVirtual = virtualMfa.Select(v => v.UserArn).ToHashSet(StringComparer.Ordinal);
        CredentialReportRow? Row(IamUserDetail u) => report.TryGetRow(u.UserName, u.Arn, u.CreatedAt, out var row, out _) ? row : null;
        // Only users whose report says MFA is on but who have no virtual device can hide a U2F or hardware device.
        var mfaCandidates = details.Users.Where(u => Row(u)?.MfaActive == true && !withVirtual.Contains(u.Arn)).ToList();
        var keyHolders = details.Users.Where(u => Row(u) is { } r && (r.AccessKey1.Active || r.AccessKey2.Active)).ToList();
        var mfa = await ReadEachAsync(mfaCandidates, u => iam.ListMfaDevicesAsync(target, u.UserName, ct),
            "iam:ListMFADevices denied: U2F/FIDO and hardware MFA devices are known only as 'MFA active' from the credential report", degradations);
        var keys = await ReadEachAsync(keyHolders, u => iam.ListAccessKeysAsync(target, u.UserName, ct),
            "iam:ListAccessKeys denied: access key ids are not in the evidence (key ages come from the credential report)", degradations);
        return new UserExtras(mfa, keys);
    }

    private static async Task<Dictionary<string, IReadOnlyList<T>>?> ReadEachAsync<T>(List<IamUserDetail> users,
        Func<IamUserDetail, Task<List<T>>> read, string deniedNote, List<string> degradations)
    {
        var results = new Dictionary<string, IReadOnlyList<T>>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            try
            {
                results[user.UserName] = await read(user);
            }
            catch (AwsApiException e) when (e.IsAccessDenied)
            {
                degradations.Add(deniedNote);
                return null;
            }
            catch (AwsApiException e) when (e.Code == "NoSuchEntity")
            {
                // Deleted between GAAD and this call; the next sync will not list it.
                results[user.UserName] = [];
            }
        }
        return results;
    }
}
