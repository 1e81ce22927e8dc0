namespace Thalian.Findings.Detecting;

/// <param name="Remediation">What to do, with the AWS CLI commands that fix it.</param>
/// <param name="Cis">CIS Amazon Web Services Foundations Benchmark v3.0.0 recommendation, where one maps.</param>
public sealed record RuleDefinition(string Id, string Title, string Severity, string Description, string Remediation,
    IReadOnlyList<string> RemediationCommands, string? Cis, string? ThresholdSetting);

public static class RuleCatalogue
{
    public static readonly IReadOnlyList<RuleDefinition> All =
    [
        new(RuleIds.AdminNotInIdp, "Admin IAM user without an IdP account", Severities.Critical,
            "A human IAM user with AdministratorAccess or PowerUserAccess (directly, through a group, or effectively through a policy allowing * on *) matches no account in the connected identity providers, so leaving the company does not remove the access. An IdP account a complete sync no longer returns (hard-deleted) is not a match; the evidence names it and when it disappeared. A group in the user's group list that could not be read keeps the rule undecided.",
            "Link the user to its IdP person (tag it with the person's email) or delete the IAM user and grant access through IAM Identity Center.",
            ["aws iam tag-user --user-name USER --tags Key=email,Value=person@example.com", "aws iam list-attached-user-policies --user-name USER", "aws iam delete-login-profile --user-name USER", "aws iam delete-user --user-name USER"],
            "1.21", null),
        new(RuleIds.UserNotInIdp, "IAM user without an IdP account", Severities.High,
            "A human IAM user matches no account in the connected identity providers. An IdP account a complete sync no longer returns (hard-deleted) is not a match; the evidence names it and when it disappeared.",
            "Link the user to its IdP person, mark it as a service account if it is one, or delete it.",
            ["aws iam tag-user --user-name USER --tags Key=email,Value=person@example.com", "aws iam tag-user --user-name USER --tags Key=thalian:service-account,Value=true", "aws iam delete-user --user-name USER"],
            "1.21", null),
        new(RuleIds.UserWithoutMfa, "IAM user with console password and no MFA", Severities.High,
            "The user has a console password and no MFA device of any kind. The credential report row is joined by ARN and creation time, and an unrecognised password_enabled or mfa_active value keeps the rule undecided.",
            "Enrol an MFA device, or remove the console password if the user does not sign in.",
            ["aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile qr.png --bootstrap-method QRCodePNG", "aws iam enable-mfa-device --user-name USER --serial-number arn:aws:iam::ACCOUNT:mfa/USER --authentication-code1 CODE1 --authentication-code2 CODE2", "aws iam delete-login-profile --user-name USER"],
            "1.10", null),
        new(RuleIds.StaleIamUser, "IAM user of a suspended or deprovisioned person", Severities.High,
            "Every IdP account linked to the IAM user is suspended or deprovisioned, yet the IAM user still exists.",
            "Disable the user's console password and access keys, then delete the user.",
            ["aws iam delete-login-profile --user-name USER", "aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive", "aws iam delete-user --user-name USER"],
            null, null),
        new(RuleIds.StaleAccessKey, "Stale access key", Severities.High,
            "An active access key was not used for more than the threshold (a never-used key counts from its creation).",
            "Deactivate the key, then delete it once nothing breaks.",
            ["aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive", "aws iam delete-access-key --user-name USER --access-key-id KEY"],
            "1.12", nameof(ManagingSettings.TenantSettings.StaleKeyDays)),
        new(RuleIds.MultipleActiveKeys, "More than one active access key", Severities.Medium,
            "Both access key slots of the user are active.",
            "Deactivate the key that is no longer needed.",
            ["aws iam list-access-keys --user-name USER", "aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive"],
            "1.13", null),
        new(RuleIds.KeyNotRotated, "Access key not rotated", Severities.Medium,
            "An active access key is older than the threshold.",
            "Create a new key, move the workload to it, deactivate and delete the old one.",
            ["aws iam create-access-key --user-name USER", "aws iam update-access-key --user-name USER --access-key-id OLD_KEY --status Inactive", "aws iam delete-access-key --user-name USER --access-key-id OLD_KEY"],
            "1.14", nameof(ManagingSettings.TenantSettings.KeyRotationDays)),
        new(RuleIds.RootWithoutMfa, "Root user without MFA", Severities.Critical,
            "The account's root user has credentials but no MFA. The live account summary decides when it and the credential report (up to 4 h old) disagree; not applicable when the organisation manages root and both say root has no password and no keys (the summary alone when the report has no root row).",
            "Sign in as root and enable a hardware or virtual MFA device, or centralise root access in AWS Organizations and remove root credentials.",
            ["aws iam get-account-summary --query SummaryMap.AccountMFAEnabled", "aws organizations enable-aws-service-access --service-principal iam.amazonaws.com", "aws iam enable-organizations-root-credentials-management"],
            "1.5", null),
        new(RuleIds.RootRecentlyUsed, "Root user used recently", Severities.High,
            "The root user was used within the window (CloudTrail root events and the credential report root row). With no root row, or an unreadable root last-used value, \"not used\" is undecided rather than clear.",
            "Find out who used root and why; use IAM roles for daily work and remove root access keys.",
            ["aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root", "aws iam delete-access-key --access-key-id ROOT_KEY"],
            "1.7", nameof(ManagingSettings.TenantSettings.RootUseWindowDays)),
        new(RuleIds.WildcardTrust, "Role trust policy allows any principal", Severities.Critical,
            "An Allow statement of the role's trust policy lets \"*\" (or everyone but a NotPrincipal) assume the role without an organisation, account, ARN or source condition whose value is a literal: a value with *, ? or a policy variable (o-*, 1*, arn:aws:iam::*:role/x, ${aws:PrincipalAccount}) constrains nothing, whatever the operator. Also a web-identity trust to an OIDC issuer whose tokens anyone can obtain (GitHub Actions, GitLab, Terraform Cloud, Bitbucket Pipelines, CircleCI) without a condition pinning the subject (a literal or an owner-pinned pattern such as repo:acme/*), or to Cognito identity pools without a literal aud.",
            "Name the principals that may assume the role, or add an aws:PrincipalOrgID condition with the literal organisation id; for CI/CD OIDC trusts, pin the subject to your repositories (e.g. StringLike token.actions.githubusercontent.com:sub = repo:ORG/REPO:*).",
            ["aws iam get-role --role-name ROLE --query Role.AssumeRolePolicyDocument", "aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json"],
            null, null),
        new(RuleIds.CrossAccountTrust, "Cross-account trust without a condition", Severities.High,
            "The role can be assumed from an account outside the tenant's accounts and trusted list, with no ExternalId, MFA or principal-pinning condition (pinning values must be literals, as for the wildcard rule). Connecting or removing an account and changing the trusted list re-evaluate every role. A principal shown as a unique id (AIDA..., AROA...) is a deleted principal: not cross-account, noted on the role.",
            "Add an sts:ExternalId condition for third parties, aws:MultiFactorAuthPresent for people, or remove the foreign principal.",
            ["aws iam get-role --role-name ROLE --query Role.AssumeRolePolicyDocument", "aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json"],
            null, null),
    ];

    public static RuleDefinition Get(string ruleId) => All.First(r => r.Id == ruleId);

    public static string CisReference(RuleDefinition rule) => rule.Cis is null ? "" : $"CIS AWS Foundations v3.0.0 {rule.Cis}";
}
