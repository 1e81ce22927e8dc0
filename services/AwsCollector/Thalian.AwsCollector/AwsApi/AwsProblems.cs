using Amazon.Runtime;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>Turns any failure of an AWS call into a sentence the user can act on.</summary>
public static class AwsProblems
{
    public static readonly string[] RequiredActions =
    [
        "iam:GetAccountAuthorizationDetails", "iam:ListVirtualMFADevices", "iam:GenerateCredentialReport", "iam:GetCredentialReport",
        "iam:GetAccountSummary", "iam:ListRoles", "iam:GetRole", "cloudtrail:LookupEvents", "sts:GetCallerIdentity",
    ];

    /// <summary>Read when permitted (U2F/hardware MFA details, key ids in evidence); their absence only degrades a sync.</summary>
    public static readonly string[] OptionalActions = ["iam:ListMFADevices", "iam:ListAccessKeys"];

    public static string Describe(Exception exception) => exception switch
    {
        AwsApiException e => Describe(e),
        Organizations.MemberRoleUnavailableException e => e.Message,
        AwsMalformedResponseException e => $"AWS returned data Thalian could not read ({e.Message}). The sync was marked incomplete and nothing was removed.",
        TimeoutException e => e.Message,
        Polly.Timeout.TimeoutRejectedException => "AWS did not answer within 60 seconds, several times in a row. The next sync will try again; check the network path to AWS if this persists.",
        HttpRequestException e => $"Could not reach AWS: {e.Message}. Check the network path (DNS, proxy, firewall) from Thalian to AWS.",
        AmazonClientException e => $"Could not use the AWS credentials or reach AWS: {e.Message}",
        _ => $"The sync failed unexpectedly: {exception.Message}",
    };

    private static string Describe(AwsApiException e) => e.Code switch
    {
        "InvalidClientTokenId" or "UnrecognizedClientException" =>
            "AWS does not recognise this access key id. Check that it was copied completely (a long-term key id starts with AKIA) and that the key is still active in IAM.",
        "SignatureDoesNotMatch" or "IncompleteSignature" =>
            "AWS rejected the secret access key: it does not belong to this access key id. Paste the secret again, without spaces or line breaks around it.",
        "ExpiredToken" or "ExpiredTokenException" =>
            "The temporary AWS credentials have expired. Provide long-term keys or renew the session.",
        "RequestExpired" =>
            "AWS rejected the request time: the clock of the Thalian host differs from AWS by more than 5 minutes. Synchronise the host clock (NTP).",
        "RegionDisabledException" or "OptInRequired" =>
            $"The region used for {e.Action} is not enabled for this AWS account. Enable it in the account settings or choose another region.",
        "AWSOrganizationsNotInUseException" =>
            "This AWS account is not a member of an organisation. Connect the organisation's management account (or a delegated administrator), or connect this account on its own.",
        _ when e.IsAccessDenied && (e.Action.StartsWith("organizations:", StringComparison.Ordinal) || e.Action == "iam:ListOrganizationsFeatures") =>
            $"AWS denied {e.Action}. Connect with credentials of the organisation's management account or a delegated-administrator account, allowed " +
            "organizations:DescribeOrganization, organizations:ListAccounts and sts:AssumeRole on the member role (deploy/aws/thalian-management-policy.json).",
        _ when e.IsAccessDenied && e.Action == "sts:AssumeRole" =>
            "AWS refused to let these credentials assume the role. Check the role ARN, the ExternalId and that the role's trust policy allows the connected identity.",
        _ when e.IsAccessDenied =>
            $"AWS denied {e.Action}. Allow {e.Action} in the policy of the connected identity; Thalian needs: {string.Join(", ", RequiredActions)}.",
        _ when AwsThrottling.IsThrottle(e.Code) =>
            $"AWS kept throttling {e.Action} after repeated retries. The next sync will try again; if this persists, another tool may be using the same API quota.",
        _ => $"AWS answered {e.Action} with {e.Code}: {e.AwsMessage}",
    };
}
