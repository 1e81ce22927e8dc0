namespace Thalian.AwsCollector.Iam;

/// <summary>Everything GetAccountAuthorizationDetails returned, accumulated over all pages. Documents still encoded as AWS sent them.</summary>
public sealed record AuthorizationDetails(
    IReadOnlyList<IamUserDetail> Users,
    IReadOnlyList<IamGroupDetail> Groups,
    IReadOnlyList<IamRoleDetail> Roles,
    IReadOnlyList<ManagedPolicyDetail> Policies);

public sealed record IamUserDetail(
    string UserName, string UserId, string Arn, string Path, DateTimeOffset? CreatedAt,
    IReadOnlyList<InlinePolicy> InlinePolicies, IReadOnlyList<string> GroupNames, IReadOnlyList<AttachedPolicy> AttachedPolicies,
    IReadOnlyDictionary<string, string> Tags);

public sealed record IamGroupDetail(string GroupName, IReadOnlyList<InlinePolicy> InlinePolicies, IReadOnlyList<AttachedPolicy> AttachedPolicies);

public sealed record IamRoleDetail(
    string RoleName, string RoleId, string Arn, string Path, DateTimeOffset? CreatedAt, string? EncodedTrustPolicy,
    IReadOnlyList<InlinePolicy> InlinePolicies, IReadOnlyList<AttachedPolicy> AttachedPolicies,
    IReadOnlyDictionary<string, string> Tags, DateTimeOffset? LastUsedAt);

public sealed record InlinePolicy(string Name, string? EncodedDocument);

public sealed record AttachedPolicy(string Name, string Arn);

/// <param name="EncodedDefaultDocument">The document of the version marked IsDefaultVersion; null when none was listed.</param>
public sealed record ManagedPolicyDetail(string Arn, string Name, string? EncodedDefaultDocument);

public sealed record VirtualMfaAssignment(string SerialNumber, string? UserArn, DateTimeOffset? EnabledAt);

public sealed record MfaDeviceListing(string SerialNumber, DateTimeOffset? EnabledAt);

public sealed record AccessKeyListing(string AccessKeyId, string Status, DateTimeOffset? CreatedAt);

public sealed record CredentialReport(string Csv, DateTimeOffset? GeneratedAt);
