using System.Text;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Iam;

/// <summary>The credential report as AWS writes it: root row first, N/A / no_information / not_supported tokens.</summary>
public static class CredentialReportCsv
{
    public const string Header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
        "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region," +
        "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    /// <param name="epoch">What creation times are relative to (<see cref="EmulatorState.CreatedEpoch"/>).</param>
    public static string Build(AccountSpec account, DateTimeOffset now, DateTimeOffset epoch)
    {
        if (account.CredentialReportCsv is { } literal)
        {
            return literal;
        }
        var csv = new StringBuilder(Header).Append('\n');
        if (account.Root is { } root)
        {
            var created = RelativeTime.Report(epoch.AddDays(-1000));
            var used = RelativeTime.Resolve(root.PasswordLastUsed, now);
            csv.AppendJoin(',', "<root_account>", account.Arn("iam", "root"), created, root.PasswordEnabled ? "true" : "false",
                used is { } u ? RelativeTime.Report(u) : "no_information", "not_supported", "not_supported", root.Mfa != "none" ? "true" : "false");
            csv.Append(',').AppendJoin(',', Keys(root.AccessKeys, now, epoch)).Append(",false,N/A,false,N/A\n");
        }
        foreach (var user in account.Users)
        {
            var password = user.Password;
            var lastUsed = password is null ? "N/A" : RelativeTime.Resolve(password.LastUsed, now) is { } u ? RelativeTime.Report(u) : "no_information";
            var changed = password is null ? "N/A" : RelativeTime.Report(RelativeTime.Or(password.LastChanged, now, now.AddDays(-30)));
            csv.AppendJoin(',', user.Name, IamNames.UserArn(account, user), RelativeTime.Report(RelativeTime.Or(user.Created, epoch, epoch.AddDays(-30))),
                password is null ? "false" : "true", lastUsed, changed, "N/A", user.MfaDevices.Count > 0 ? "true" : "false");
            csv.Append(',').AppendJoin(',', Keys(user.AccessKeys, now, epoch)).Append(",false,N/A,false,N/A\n");
        }
        return csv.ToString();
    }

    private static IEnumerable<string> Keys(List<UserKeySpec> keys, DateTimeOffset now, DateTimeOffset epoch)
    {
        for (var i = 0; i < 2; i++)
        {
            if (i >= keys.Count)
            {
                yield return "false,N/A,N/A,N/A,N/A";
                continue;
            }
            var key = keys[i];
            var used = RelativeTime.Resolve(key.LastUsed, now);
            yield return string.Join(',', key.Status == "Active" ? "true" : "false", RelativeTime.Report(RelativeTime.Or(key.Created, epoch, epoch.AddDays(-30))),
                used is { } u ? RelativeTime.Report(u) : "N/A", used is null ? "N/A" : key.LastUsedRegion ?? "N/A", used is null ? "N/A" : key.LastUsedService ?? "N/A");
        }
    }
}
