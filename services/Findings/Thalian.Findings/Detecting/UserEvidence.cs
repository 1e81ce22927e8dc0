using System.Globalization;
using Thalian.Contracts.Aws;
using Thalian.Findings.TrackingIdentities;

namespace Thalian.Findings.Detecting;

internal static class UserEvidence
{
    public static Dictionary<string, string> Base(TrackedUser state) => new()
    {
        ["userArn"] = state.User.Arn,
        ["userName"] = state.User.UserName,
        ["userId"] = state.User.UserId,
        ["accountId"] = state.AccountId,
    };

    public static RuleResult Result(string ruleId, string severity, TrackedUser state, Dictionary<string, string> evidence,
        DateTimeOffset observedAt, string summary) =>
        new(ruleId, severity, ResourceTypes.IamUser, $"{state.AccountId}/user/{state.User.UserId}", state.User.Arn,
            state.AccountId, summary, evidence, observedAt);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Date(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture) ?? "never";

    public static string ActiveKeys(IamUserObservation user)
    {
        var slots = new List<string>();
        if (user.Credentials?.AccessKey1.Active == true)
        {
            slots.Add("key 1");
        }
        if (user.Credentials?.AccessKey2.Active == true)
        {
            slots.Add("key 2");
        }
        return slots.Count == 0 ? "none" : string.Join(", ", slots);
    }
}
