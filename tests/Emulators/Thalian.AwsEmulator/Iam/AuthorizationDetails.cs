using System.Text.Json;
using System.Xml.Linq;
using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Iam;

/// <summary>GetAccountAuthorizationDetails: the four lists paged together under one Marker, as IAM does.</summary>
public static class AuthorizationDetails
{
    private static readonly QueryXml X = QueryXml.Iam;

    /// <param name="epoch">What creation times are relative to (<see cref="EmulatorState.CreatedEpoch"/>).</param>
    public static IResult Handle(AccountSpec account, IFormCollection form, Scenario scenario, DateTimeOffset now, DateTimeOffset epoch)
    {
        var filters = form.Keys.Where(k => k.StartsWith("Filter.member.", StringComparison.Ordinal)).Select(k => form[k].ToString()).ToHashSet();
        bool Wanted(string kind) => filters.Count == 0 || filters.Contains(kind);
        var items = new List<(string List, XElement Member)>();
        if (Wanted("User")) items.AddRange(account.Users.Select(u => ("UserDetailList", User(account, u, epoch))));
        if (Wanted("Group")) items.AddRange(account.Groups.Select(g => ("GroupDetailList", Group(account, g, now))));
        if (Wanted("Role")) items.AddRange(account.Roles.Select(r => ("RoleDetailList", Role(account, r, now, epoch))));
        if (Wanted("LocalManagedPolicy")) items.AddRange(account.Policies.Select(p => ("Policies", Policy(account, p, now))));
        var page = Paging.Take(items, form, scenario.PageSize, scenario.ShortPages);
        var lists = page.Items.GroupBy(i => i.List).Select(g => X.E(g.Key, g.Select(i => i.Member)));
        return X.Ok("GetAccountAuthorizationDetails", lists, X.E("IsTruncated", page.IsTruncated ? "true" : "false"), X.Opt("Marker", page.Marker));
    }

    private static XElement User(AccountSpec a, UserSpec u, DateTimeOffset epoch) => X.E("member",
        X.E("Path", u.Path), X.E("UserName", u.Name), X.E("UserId", IamNames.Id("AIDA", a, u.Name)), X.E("Arn", IamNames.UserArn(a, u)),
        X.E("CreateDate", RelativeTime.Iso(RelativeTime.Or(u.Created, epoch, epoch.AddDays(-30)))),
        Inline(a, "UserPolicyList", u.InlinePolicies), X.E("GroupList", u.Groups.Select(g => X.E("member", g))), Attached(a, u.AttachedPolicies),
        X.E("Tags", u.Tags.Select(t => X.E("member", X.E("Key", t.Key), X.E("Value", t.Value)))));

    private static XElement Group(AccountSpec a, GroupSpec g, DateTimeOffset now) => X.E("member",
        X.E("Path", g.Path), X.E("GroupName", g.Name), X.E("GroupId", IamNames.Id("AGPA", a, g.Name)), X.E("Arn", IamNames.GroupArn(a, g)),
        X.E("CreateDate", RelativeTime.Iso(now.AddDays(-100))), Inline(a, "GroupPolicyList", g.InlinePolicies), Attached(a, g.AttachedPolicies));

    public static XElement Role(AccountSpec a, RoleSpec r, DateTimeOffset now, DateTimeOffset epoch) => X.E("member",
        X.E("Path", r.Path), X.E("RoleName", r.Name), X.E("RoleId", IamNames.Id("AROA", a, r.Name)), X.E("Arn", IamNames.RoleArn(a, r)),
        X.E("CreateDate", RelativeTime.Iso(RelativeTime.Or(r.Created, epoch, epoch.AddDays(-30)))),
        X.E("AssumeRolePolicyDocument", r.TrustPolicyRaw ?? IamNames.Encode(a, r.TrustPolicy)),
        X.E("InstanceProfileList"), Inline(a, "RolePolicyList", r.InlinePolicies), Attached(a, r.AttachedPolicies),
        X.E("Tags", r.Tags.Select(t => X.E("member", X.E("Key", t.Key), X.E("Value", t.Value)))),
        X.E("RoleLastUsed", RelativeTime.Resolve(r.LastUsed, now) is { } used ? new object[] { X.E("LastUsedDate", RelativeTime.Iso(used)), X.E("Region", "us-east-1") } : []));

    private static XElement Policy(AccountSpec a, PolicySpec p, DateTimeOffset now)
    {
        var created = RelativeTime.Iso(now.AddDays(-200));
        // An older, non-default version comes first, so a reader that ignores IsDefaultVersion is caught out.
        const string Old = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""";
        return X.E("member",
            X.E("PolicyName", p.Name), X.E("PolicyId", IamNames.Id("ANPA", a, p.Name)), X.E("Arn", IamNames.PolicyArn(a, p)), X.E("Path", p.Path),
            X.E("DefaultVersionId", "v2"), X.E("AttachmentCount", 1), X.E("PermissionsBoundaryUsageCount", 0), X.E("IsAttachable", "true"),
            X.E("CreateDate", created), X.E("UpdateDate", created),
            X.E("PolicyVersionList",
                X.E("member", X.E("Document", IamNames.Encode(a, JsonDocument.Parse(Old).RootElement)), X.E("VersionId", "v1"), X.E("IsDefaultVersion", "false"), X.E("CreateDate", created)),
                X.E("member", X.E("Document", p.DocumentRaw ?? IamNames.Encode(a, p.Document)), X.E("VersionId", "v2"), X.E("IsDefaultVersion", "true"), X.E("CreateDate", created))));
    }

    private static XElement Inline(AccountSpec a, string list, Dictionary<string, JsonElement> policies) =>
        X.E(list, policies.Select(p => X.E("member", X.E("PolicyName", p.Key), X.E("PolicyDocument", IamNames.Encode(a, p.Value)))));

    private static XElement Attached(AccountSpec a, List<string> references) =>
        X.E("AttachedManagedPolicies", references.Select(r => IamNames.Attached(a, r)).Select(p => X.E("member", X.E("PolicyName", p.Name), X.E("PolicyArn", p.Arn))));
}
