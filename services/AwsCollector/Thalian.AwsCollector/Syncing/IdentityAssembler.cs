using Thalian.Contracts.Aws;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Syncing;

/// <summary>Per-user reads that need extra permissions; null when not read.</summary>
public sealed record UserExtras(IReadOnlyDictionary<string, IReadOnlyList<MfaDeviceListing>>? MfaDevices,
    IReadOnlyDictionary<string, IReadOnlyList<AccessKeyListing>>? AccessKeys);

/// <summary>Joins GAAD, the credential report and MFA listings into one observation per user and per role.</summary>
public static class IdentityAssembler
{
    public static List<IamUserObservation> Users(AuthorizationDetails details, ParsedCredentialReport report,
        IReadOnlyList<VirtualMfaAssignment> virtualMfa, UserExtras extras)
    {
        var grants = new PolicyGrants(details);
        var groups = details.Groups.ToDictionary(g => g.GroupName, StringComparer.Ordinal);
        var virtualByUser = virtualMfa.Where(v => v.UserArn is not null).ToLookup(v => v.UserArn!, StringComparer.Ordinal);
        return details.Users.Select(user =>
        {
            var problems = new List<DataProblem>();
            var policies = grants.For("direct", user.AttachedPolicies, user.InlinePolicies).ToList();
            foreach (var name in user.GroupNames)
            {
                if (groups.TryGetValue(name, out var group))
                {
                    policies.AddRange(grants.For($"group:{name}", group.AttachedPolicies, group.InlinePolicies));
                }
                else
                {
                    problems.Add(new(DataParts.Group, name, $"group {name} is in the user's group list but GetAccountAuthorizationDetails did not return it"));
                }
            }
            problems.AddRange(policies.Where(p => p.DocumentError is not null)
                .Select(p => new DataProblem(DataParts.Policy, p.Name, $"policy {p.Name} ({p.Source}): {p.DocumentError}")));
            report.TryGetRow(user.UserName, user.Arn, user.CreatedAt, out var row, out var rowProblems);
            problems.AddRange(rowProblems);
            return new IamUserObservation
            {
                UserName = user.UserName,
                UserId = user.UserId,
                Arn = user.Arn,
                Path = user.Path,
                CreatedAt = user.CreatedAt,
                Tags = user.Tags,
                GroupNames = user.GroupNames,
                Policies = policies,
                Credentials = row,
                MfaDevices = MfaDevices(user, row, virtualByUser[user.Arn], extras),
                AccessKeys = extras.AccessKeys is null ? null
                    : extras.AccessKeys.TryGetValue(user.UserName, out var keys) ? keys.Select(k => new AccessKeyMetadata(k.AccessKeyId, k.Status, k.CreatedAt)).ToList() : [],
                Unparseable = [.. problems.Select(p => p.Problem)],
                DataProblems = problems,
            };
        }).ToList();
    }

    public static List<IamRoleObservation> Roles(AuthorizationDetails details)
    {
        var grants = new PolicyGrants(details);
        return details.Roles.Select(role =>
        {
            var trust = PolicyDocuments.Decode(role.EncodedTrustPolicy);
            return new IamRoleObservation
            {
                RoleName = role.RoleName,
                RoleId = role.RoleId,
                Arn = role.Arn,
                Path = role.Path,
                CreatedAt = role.CreatedAt,
                Tags = role.Tags,
                TrustPolicy = trust.Json,
                TrustPolicyError = trust.Error,
                Notes = DeletedPrincipals.NotesFor(trust.Json),
                LastUsedAt = role.LastUsedAt,
                Policies = grants.For("direct", role.AttachedPolicies, role.InlinePolicies).ToList(),
            };
        }).ToList();
    }

    private static List<MfaDevice> MfaDevices(IamUserDetail user, CredentialReportRow? row, IEnumerable<VirtualMfaAssignment> virtualDevices, UserExtras extras)
    {
        var devices = virtualDevices.Select(v => new MfaDevice(v.SerialNumber, MfaType(v.SerialNumber), v.EnabledAt)).ToList();
        if (extras.MfaDevices?.TryGetValue(user.UserName, out var listed) == true)
        {
            devices.AddRange(listed.Where(l => devices.All(d => d.SerialNumber != l.SerialNumber))
                .Select(l => new MfaDevice(l.SerialNumber, MfaType(l.SerialNumber), l.EnabledAt)));
        }
        else if (devices.Count == 0 && row?.MfaActive == true)
        {
            // The report says MFA is on but no listing could show which device: keep the fact, type unknown.
            devices.Add(new MfaDevice("unknown", "unknown", null));
        }
        return devices;
    }

    /// <summary>Virtual devices are arn:…:mfa/NAME, FIDO/U2F arn:…:u2f/…; a bare serial is a hardware TOTP token.</summary>
    public static string MfaType(string serial) => serial.Split(':') switch
    {
        [_, _, _, _, _, var resource] when resource.StartsWith("mfa/", StringComparison.Ordinal) => "virtual",
        [_, _, _, _, _, var resource] when resource.StartsWith("u2f/", StringComparison.Ordinal) => "u2f",
        ["arn", ..] => "unknown",
        _ => "hardware",
    };
}
