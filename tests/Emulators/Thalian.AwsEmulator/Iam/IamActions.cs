using System.Text;
using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Iam;

/// <summary>The IAM actions besides GAAD.</summary>
public static class IamActions
{
    private static readonly QueryXml X = QueryXml.Iam;

    public static IResult Handle(string action, AccountSpec account, IFormCollection form, EmulatorState state, DateTimeOffset now) => action switch
    {
        "GetAccountAuthorizationDetails" => AuthorizationDetails.Handle(account, form, state.Scenario, now, state.CreatedEpoch),
        "ListVirtualMFADevices" => ListVirtualMfa(account, form, state.Scenario, now),
        "ListMFADevices" => WithUser(account, form, user => ListMfa(account, user, form, state.Scenario, now)),
        "ListAccessKeys" => WithUser(account, form, user => ListKeys(account, user, form, state.Scenario, state.CreatedEpoch)),
        "GenerateCredentialReport" => X.Ok(action, X.E("State", state.GenerateReport(account, now)), X.E("Description", "emulated")),
        "GetCredentialReport" => state.ReportGeneratedAt(account) is { } generated
            ? X.Ok(action, X.E("Content", Convert.ToBase64String(Encoding.UTF8.GetBytes(CredentialReportCsv.Build(account, now, state.CreatedEpoch)))),
                X.E("ReportFormat", "text/csv"), X.E("GeneratedTime", RelativeTime.Iso(generated)))
            : new AwsFault("ReportNotPresent", "Credential report not present.", 410).ToQueryXml(X.Namespace.NamespaceName),
        "GetAccountSummary" => X.Ok(action, X.E("SummaryMap", Summary(account).Select(e => X.E("entry", X.E("key", e.Key), X.E("value", e.Value))))),
        "ListRoles" => ListRoles(account, form, state.Scenario, now, state.CreatedEpoch),
        "GetRole" => account.Roles.FirstOrDefault(r => r.Name == form["RoleName"]) is { } role
            ? X.Ok(action, new System.Xml.Linq.XElement(X.Namespace + "Role", AuthorizationDetails.Role(account, role, now, state.CreatedEpoch).Elements()))
            : NoSuchEntity($"The role with name {form["RoleName"]} cannot be found."),
        _ => new AwsFault("InvalidAction", $"The action {action} is not valid for this emulator.", 400).ToQueryXml(X.Namespace.NamespaceName),
    };

    private static IResult WithUser(AccountSpec account, IFormCollection form, Func<UserSpec, IResult> then) =>
        account.Users.FirstOrDefault(u => u.Name == form["UserName"]) is { } user ? then(user) : NoSuchEntity($"The user with name {form["UserName"]} cannot be found.");

    private static IResult NoSuchEntity(string message) => new AwsFault("NoSuchEntity", message, 404).ToQueryXml(X.Namespace.NamespaceName);

    private static IResult ListVirtualMfa(AccountSpec account, IFormCollection form, Scenario scenario, DateTimeOffset now)
    {
        var devices = account.Users.SelectMany(u => u.MfaDevices.Where(d => d.Type == "virtual").Select(d => X.E("member",
            X.E("SerialNumber", IamNames.MfaSerial(account, u, d)),
            X.E("User", X.E("Path", u.Path), X.E("UserName", u.Name), X.E("UserId", IamNames.Id("AIDA", account, u.Name)), X.E("Arn", IamNames.UserArn(account, u))),
            X.E("EnableDate", RelativeTime.Iso(RelativeTime.Or(d.Enabled, now, now.AddDays(-10))))))).ToList();
        if (account.Root?.Mfa == "virtual")
        {
            devices.Add(X.E("member", X.E("SerialNumber", account.Arn("iam", "mfa/root-account-mfa-device")),
                X.E("User", X.E("Arn", account.Arn("iam", "root"))), X.E("EnableDate", RelativeTime.Iso(now.AddDays(-500)))));
        }
        var page = Paging.Take(devices, form, scenario.PageSize, scenario.ShortPages);
        return X.Ok("ListVirtualMFADevices", X.E("VirtualMFADevices", page.Items), X.E("IsTruncated", page.IsTruncated ? "true" : "false"), X.Opt("Marker", page.Marker));
    }

    private static IResult ListMfa(AccountSpec account, UserSpec user, IFormCollection form, Scenario scenario, DateTimeOffset now)
    {
        var devices = user.MfaDevices.Select(d => X.E("member", X.E("UserName", user.Name), X.E("SerialNumber", IamNames.MfaSerial(account, user, d)),
            X.E("EnableDate", RelativeTime.Iso(RelativeTime.Or(d.Enabled, now, now.AddDays(-10)))))).ToList();
        var page = Paging.Take(devices, form, scenario.PageSize, scenario.ShortPages);
        return X.Ok("ListMFADevices", X.E("MFADevices", page.Items), X.E("IsTruncated", page.IsTruncated ? "true" : "false"), X.Opt("Marker", page.Marker));
    }

    private static IResult ListKeys(AccountSpec account, UserSpec user, IFormCollection form, Scenario scenario, DateTimeOffset epoch)
    {
        var keys = user.AccessKeys.Select((k, i) => X.E("member", X.E("UserName", user.Name), X.E("AccessKeyId", IamNames.AccessKeyId(account, user, i, k)),
            X.E("Status", k.Status), X.E("CreateDate", RelativeTime.Iso(RelativeTime.Or(k.Created, epoch, epoch.AddDays(-30)))))).ToList();
        var page = Paging.Take(keys, form, scenario.PageSize, scenario.ShortPages);
        return X.Ok("ListAccessKeys", X.E("AccessKeyMetadata", page.Items), X.E("IsTruncated", page.IsTruncated ? "true" : "false"), X.Opt("Marker", page.Marker));
    }

    private static IResult ListRoles(AccountSpec account, IFormCollection form, Scenario scenario, DateTimeOffset now, DateTimeOffset epoch)
    {
        var roles = account.Roles.Select(r => AuthorizationDetails.Role(account, r, now, epoch)).ToList();
        var page = Paging.Take(roles, form, scenario.PageSize, scenario.ShortPages);
        return X.Ok("ListRoles", X.E("Roles", page.Items), X.E("IsTruncated", page.IsTruncated ? "true" : "false"), X.Opt("Marker", page.Marker));
    }

    private static Dictionary<string, int> Summary(AccountSpec account)
    {
        var devices = account.Users.Sum(u => u.MfaDevices.Count);
        return new()
        {
            ["Users"] = account.Users.Count, ["UsersQuota"] = 5000, ["Groups"] = account.Groups.Count, ["GroupsQuota"] = 300,
            ["Roles"] = account.Roles.Count, ["RolesQuota"] = 1000, ["Policies"] = account.Policies.Count, ["PoliciesQuota"] = 1500,
            ["MFADevices"] = devices, ["MFADevicesInUse"] = devices,
            ["AccountMFAEnabled"] = account.Root is { Mfa: not "none" } ? 1 : 0,
            ["AccountAccessKeysPresent"] = account.Root?.AccessKeys.Any(k => k.Status == "Active") == true ? 1 : 0,
            ["AccountPasswordPresent"] = account.Root?.PasswordEnabled == true ? 1 : 0,
        };
    }
}
