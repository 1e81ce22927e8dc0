using System.Text.RegularExpressions;

namespace Thalian.Findings.ManagingSettings;

/// <summary>PUT /api/v1/settings body: the whole settings; omitted fields take the documented defaults.</summary>
public sealed record SettingsRequest
{
    public int? StaleKeyDays { get; init; }
    public int? KeyRotationDays { get; init; }
    public int? RootUseWindowDays { get; init; }
    public string? ServiceAccountTagKey { get; init; }
    public IReadOnlyList<string>? ServiceAccountPathPrefixes { get; init; }
    public IReadOnlyList<string>? ServiceAccountNamePatterns { get; init; }
    public IReadOnlyList<string>? PersonTagKeys { get; init; }
    public IReadOnlyList<ExclusionRequest>? Exclusions { get; init; }
    public IReadOnlyList<string>? TrustedAccountIds { get; init; }
}

public sealed record ExclusionRequest(string? UserArn, string? Owner, string? Reason, DateTimeOffset? ExpiresAt);

public static partial class SettingsValidation
{
    /// <summary>Entries per settings list (path prefixes, name patterns, person tag keys, trusted accounts): every rule evaluation walks them.</summary>
    public const int MaxListEntries = 100;
    public const int MaxExclusions = 500;
    public const int MaxEntryLength = 256;

    public static Dictionary<string, string[]> Validate(SettingsRequest r, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        Bounded(errors, "serviceAccountPathPrefixes", r.ServiceAccountPathPrefixes);
        Bounded(errors, "serviceAccountNamePatterns", r.ServiceAccountNamePatterns);
        Bounded(errors, "personTagKeys", r.PersonTagKeys);
        Bounded(errors, "trustedAccountIds", r.TrustedAccountIds);
        if (r.Exclusions?.Count > MaxExclusions)
        {
            errors["exclusions"] = [$"At most {MaxExclusions} exclusions per tenant; this request has {r.Exclusions.Count}."];
            return errors;
        }
        Days(errors, "staleKeyDays", r.StaleKeyDays);
        Days(errors, "keyRotationDays", r.KeyRotationDays);
        Days(errors, "rootUseWindowDays", r.RootUseWindowDays);
        if (r.ServiceAccountTagKey is { } tag && (string.IsNullOrWhiteSpace(tag) || tag.Length > 128))
        {
            errors["serviceAccountTagKey"] = ["Must be 1 to 128 characters."];
        }
        if (r.ServiceAccountPathPrefixes?.Any(p => p is null || !p.StartsWith('/') || !p.EndsWith('/')) == true)
        {
            errors["serviceAccountPathPrefixes"] = ["Each IAM path prefix starts and ends with '/', e.g. \"/service/\"."];
        }
        if (r.ServiceAccountNamePatterns?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors["serviceAccountNamePatterns"] = ["Name patterns must not be empty."];
        }
        if (r.PersonTagKeys?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors["personTagKeys"] = ["Tag keys must not be empty."];
        }
        if (r.TrustedAccountIds?.Any(a => a is null || !AccountId().IsMatch(a)) == true)
        {
            errors["trustedAccountIds"] = ["Each trusted account is a 12-digit AWS account id."];
        }
        for (var i = 0; i < (r.Exclusions?.Count ?? 0); i++)
        {
            var e = r.Exclusions![i];
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(e.UserArn) || !e.UserArn.StartsWith("arn:", StringComparison.Ordinal) || !e.UserArn.Contains(":user/", StringComparison.Ordinal))
            {
                problems.Add("userArn must be an IAM user ARN.");
            }
            if (string.IsNullOrWhiteSpace(e.Owner) || e.Owner.Length > MaxEntryLength)
            {
                problems.Add($"owner is required, at most {MaxEntryLength} characters.");
            }
            if (string.IsNullOrWhiteSpace(e.Reason) || e.Reason.Length > 1000)
            {
                problems.Add("reason is required, at most 1000 characters.");
            }
            if (e.UserArn?.Length > 2048)
            {
                problems.Add("userArn is at most 2048 characters.");
            }
            if (e.ExpiresAt is not { } expires || expires <= now)
            {
                problems.Add("expiresAt is required and must be in the future.");
            }
            if (problems.Count > 0)
            {
                errors[$"exclusions[{i}]"] = [.. problems];
            }
        }
        return errors;
    }

    public static TenantSettings Apply(SettingsRequest r, TenantSettings current, string actor, DateTimeOffset now)
    {
        var defaults = TenantSettings.DefaultFor(current.Id);
        return defaults with
        {
            StaleKeyDays = r.StaleKeyDays ?? defaults.StaleKeyDays,
            KeyRotationDays = r.KeyRotationDays ?? defaults.KeyRotationDays,
            RootUseWindowDays = r.RootUseWindowDays ?? defaults.RootUseWindowDays,
            ServiceAccountTagKey = r.ServiceAccountTagKey?.Trim() ?? defaults.ServiceAccountTagKey,
            ServiceAccountPathPrefixes = r.ServiceAccountPathPrefixes ?? defaults.ServiceAccountPathPrefixes,
            ServiceAccountNamePatterns = r.ServiceAccountNamePatterns?.Select(p => p.Trim()).ToList() ?? defaults.ServiceAccountNamePatterns,
            PersonTagKeys = r.PersonTagKeys?.Select(p => p.Trim()).ToList() ?? defaults.PersonTagKeys,
            Exclusions = r.Exclusions?.Select(e => new ServiceAccountExclusion(e.UserArn!.Trim(), e.Owner!.Trim(), e.Reason!.Trim(), e.ExpiresAt!.Value)).ToList()
                ?? defaults.Exclusions,
            TrustedAccountIds = r.TrustedAccountIds ?? defaults.TrustedAccountIds,
            Version = current.Version + 1,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    private static void Bounded(Dictionary<string, string[]> errors, string name, IReadOnlyList<string>? entries)
    {
        if (entries?.Count > MaxListEntries)
        {
            errors[name] = [$"At most {MaxListEntries} entries; this request has {entries.Count}."];
        }
        else if (entries?.Any(e => e?.Length > MaxEntryLength) == true)
        {
            errors[name] = [$"Each entry is at most {MaxEntryLength} characters."];
        }
    }

    private static void Days(Dictionary<string, string[]> errors, string name, int? value)
    {
        if (value is { } v && (v < 1 || v > 3650))
        {
            errors[name] = ["Must be between 1 and 3650 days."];
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
