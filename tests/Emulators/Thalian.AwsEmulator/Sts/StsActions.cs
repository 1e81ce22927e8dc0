using System.Text.Json;
using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Sts;

/// <summary>GetCallerIdentity and AssumeRole (into any account of the scenario whose role exists and whose ExternalId matches).</summary>
public static class StsActions
{
    private static readonly QueryXml X = QueryXml.Sts;

    public static IResult Handle(string action, Caller caller, IFormCollection form, EmulatorState state, DateTimeOffset now) => action switch
    {
        "GetCallerIdentity" => X.Ok(action, X.E("Arn", CallerArn(caller)), X.E("UserId", caller.Principal == "root" ? caller.Account.AccountId : "AIDA" + caller.AccessKeyId[4..]),
            X.E("Account", caller.Account.AccountId)),
        "AssumeRole" => AssumeRole(form, state, now),
        _ => new AwsFault("InvalidAction", $"The action {action} is not valid for this emulator.", 400).ToQueryXml(X.Namespace.NamespaceName),
    };

    private static string CallerArn(Caller caller) => caller.Principal.StartsWith("assumed-role/", StringComparison.Ordinal)
        ? caller.Account.Arn("sts", caller.Principal)
        : caller.Account.Arn("iam", caller.Principal);

    private static IResult AssumeRole(IFormCollection form, EmulatorState state, DateTimeOffset now)
    {
        var roleArn = form["RoleArn"].ToString();
        var parts = roleArn.Split(':');
        var account = parts.Length == 6 ? state.Account(parts[4]) : null;
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var role = account?.Roles.FirstOrDefault(r => r.Name == roleName);
        if (account is null || role is null || !ExternalIdMatches(role, form["ExternalId"].ToString()))
        {
            return new AwsFault("AccessDenied", $"User is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403).ToQueryXml(X.Namespace.NamespaceName);
        }
        var session = state.IssueSession(account, roleName);
        return X.Ok("AssumeRole",
            X.E("Credentials", X.E("AccessKeyId", session.AccessKeyId), X.E("SecretAccessKey", session.Secret), X.E("SessionToken", session.SessionToken),
                X.E("Expiration", RelativeTime.Iso(now.AddHours(1)))),
            X.E("AssumedRoleUser", X.E("AssumedRoleId", "AROA" + session.AccessKeyId[4..] + ":thalian"), X.E("Arn", account.Arn("sts", session.Principal))));
    }

    /// <summary>A trust policy with an sts:ExternalId condition admits only that value; without one any (or no) ExternalId passes.</summary>
    private static bool ExternalIdMatches(RoleSpec role, string externalId)
    {
        var expected = role.TrustPolicy.ValueKind == JsonValueKind.Object ? Find(role.TrustPolicy, "sts:ExternalId").ToList() : [];
        return expected.Count == 0 || expected.Contains(externalId);
    }

    private static IEnumerable<string> Find(JsonElement element, string key) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase)
            ? (p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(v => v.ToString()) : [p.Value.ToString()])
            : Find(p.Value, key)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Find(e, key)),
        _ => [],
    };
}
