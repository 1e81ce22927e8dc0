using Thalian.Contracts.Aws;
using Thalian.AwsCollector.Iam;

namespace Thalian.AwsCollector.Syncing;

/// <summary>Resolves attached and inline policies into grants with decoded default-version documents.</summary>
public sealed class PolicyGrants(AuthorizationDetails details)
{
    private readonly Dictionary<string, ManagedPolicyDetail> managed = details.Policies.ToDictionary(p => p.Arn, StringComparer.Ordinal);

    public IEnumerable<PolicyGrant> For(string source, IEnumerable<AttachedPolicy> attached, IEnumerable<InlinePolicy> inline)
    {
        foreach (var policy in attached)
        {
            if (IsAwsManaged(policy.Arn))
            {
                yield return new PolicyGrant(source, "aws-managed", policy.Name, policy.Arn, null);
            }
            else if (managed.TryGetValue(policy.Arn, out var detail))
            {
                var decoded = PolicyDocuments.Decode(detail.EncodedDefaultDocument);
                yield return new PolicyGrant(source, "customer-managed", detail.Name, policy.Arn, decoded.Json, decoded.Error);
            }
            else
            {
                yield return new PolicyGrant(source, "customer-managed", policy.Name, policy.Arn, null,
                    "the policy is attached but GetAccountAuthorizationDetails did not return its document");
            }
        }
        foreach (var policy in inline)
        {
            var decoded = PolicyDocuments.Decode(policy.EncodedDocument);
            yield return new PolicyGrant(source, "inline", policy.Name, null, decoded.Json, decoded.Error);
        }
    }

    /// <summary>AWS-managed policies live in the pseudo-account "aws": arn:PARTITION:iam::aws:policy/NAME.</summary>
    public static bool IsAwsManaged(string arn) => arn.Split(':') is [_, _, "iam", _, "aws", ..];
}
