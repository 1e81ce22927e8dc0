using Thalian.AwsCollector.ConnectingAccounts;

namespace Thalian.AwsCollector.Organizations;

/// <summary>
/// POST body: credentials (or a role with its ExternalId) in the management or a delegated-administrator account, the
/// member role every account carries (deploy/aws/thalian-member-role.json) and the ExternalId that role requires.
/// </summary>
public sealed record ConnectOrganizationRequest(
    string? AccessKeyId, string? SecretAccessKey, string? Region, string? RoleArn, string? ExternalId, bool? UseAmbientCredentials,
    string? DisplayName, string? MemberRoleName, string? MemberExternalId);

public static class OrganizationRequestShape
{
    public static Dictionary<string, string[]> Check(ConnectOrganizationRequest request, bool ambientAllowed,
        out ValidatedCredentials credentials, out string memberRoleName, out string memberExternalId)
    {
        var region = CredentialShape.Clean(request.Region) ?? "us-east-1";
        var errors = CredentialShape.Check(request.AccessKeyId, request.SecretAccessKey, request.UseAmbientCredentials == true, ambientAllowed,
            region, request.RoleArn, request.ExternalId, out credentials);
        memberRoleName = CredentialShape.Clean(request.MemberRoleName) ?? OrganizationDefaults.MemberRoleName;
        memberExternalId = CredentialShape.Clean(request.MemberExternalId) ?? "";
        if (!CredentialShape.IsRoleName(memberRoleName))
        {
            errors["memberRoleName"] = ["A role name is 1–64 characters of letters, digits and +=,.@-_ (the RoleName parameter of the member template)."];
        }
        if (!CredentialShape.IsExternalId(memberExternalId))
        {
            errors["memberExternalId"] = ["Give the ExternalId the member roles require (the ExternalId parameter of the StackSet): 2–1224 characters of letters, digits and +=,.@:/-_"];
        }
        return errors;
    }
}
