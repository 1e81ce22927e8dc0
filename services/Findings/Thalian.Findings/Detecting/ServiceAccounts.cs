using Thalian.Contracts.Aws;
using Thalian.Findings.ManagingSettings;

namespace Thalian.Findings.Detecting;

/// <summary>Human vs service IAM user, as the tenant defines it. Returns why the user is a service account, or null.</summary>
public static class ServiceAccounts
{
    public static string? WhyServiceAccount(IamUserObservation user, TenantSettings settings, DateTimeOffset now)
    {
        foreach (var (key, value) in user.Tags)
        {
            if (string.Equals(key, settings.ServiceAccountTagKey, StringComparison.OrdinalIgnoreCase)
                && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return $"tag {key}=true";
            }
        }
        if (settings.ServiceAccountPathPrefixes.FirstOrDefault(p => user.Path.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"path prefix {prefix}";
        }
        if (settings.ServiceAccountNamePatterns.FirstOrDefault(p => Glob.Matches(p, user.UserName)) is { } pattern)
        {
            return $"name pattern {pattern}";
        }
        var exclusion = settings.Exclusions.FirstOrDefault(e =>
            string.Equals(e.UserArn, user.Arn, StringComparison.OrdinalIgnoreCase) && e.ExpiresAt > now);
        return exclusion is null ? null : $"excluded by {exclusion.Owner} until {exclusion.ExpiresAt:O}: {exclusion.Reason}";
    }
}
