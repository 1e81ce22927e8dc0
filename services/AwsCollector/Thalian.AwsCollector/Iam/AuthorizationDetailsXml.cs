using System.Xml.Linq;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Iam;

/// <summary>Maps one GetAccountAuthorizationDetails page (members of its four lists) to typed details.</summary>
public static class AuthorizationDetailsXml
{
    public static IamUserDetail User(XElement m) => new(
        m.Required("UserName"), m.Required("UserId"), m.Required("Arn"), m.Text("Path") ?? "/", m.Time("CreateDate"),
        Inline(m, "UserPolicyList"), m.Members("GroupList").Select(g => g.Value).ToList(), Attached(m), Tags(m));

    public static IamGroupDetail Group(XElement m) => new(m.Required("GroupName"), Inline(m, "GroupPolicyList"), Attached(m));

    public static IamRoleDetail Role(XElement m) => new(
        m.Required("RoleName"), m.Required("RoleId"), m.Required("Arn"), m.Text("Path") ?? "/", m.Time("CreateDate"),
        m.Text("AssumeRolePolicyDocument"), Inline(m, "RolePolicyList"), Attached(m), Tags(m),
        m.Child("RoleLastUsed")?.Time("LastUsedDate"));

    public static ManagedPolicyDetail Policy(XElement m)
    {
        var arn = m.Required("Arn");
        // moto leaves PolicyName out; the name is the last ARN segment either way.
        var name = m.Text("PolicyName") ?? arn[(arn.LastIndexOf('/') + 1)..];
        var defaultVersion = m.Members("PolicyVersionList").FirstOrDefault(v => v.Flag("IsDefaultVersion"));
        return new ManagedPolicyDetail(arn, name, defaultVersion?.Text("Document"));
    }

    private static List<InlinePolicy> Inline(XElement m, string list) =>
        m.Members(list).Select(p => new InlinePolicy(p.Required("PolicyName"), p.Text("PolicyDocument"))).ToList();

    private static List<AttachedPolicy> Attached(XElement m) =>
        m.Members("AttachedManagedPolicies").Select(p =>
        {
            var arn = p.Required("PolicyArn");
            return new AttachedPolicy(p.Text("PolicyName") ?? arn[(arn.LastIndexOf('/') + 1)..], arn);
        }).ToList();

    private static Dictionary<string, string> Tags(XElement m)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in m.Members("Tags"))
        {
            tags[tag.Required("Key")] = tag.Text("Value") ?? "";
        }
        return tags;
    }
}
