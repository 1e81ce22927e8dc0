using System.Text.RegularExpressions;

namespace Thalian.Deployment.Tests.Support;

/// <summary>Recognises a literal credential in a manifest or compose value.</summary>
public static partial class Credentials
{
    /// <summary>An absolute path names a file mounted from a Secret (for example the token keys), not the secret itself.</summary>
    public static bool LooksLikeCredential(string key, string value) =>
        !string.IsNullOrEmpty(value)
        && !MountedFilePath().IsMatch(value)
        && (SecretKey().IsMatch(key) || PasswordInConnectionString().IsMatch(value) || UserInfoInUri().IsMatch(value));

    [GeneratedRegex("password|passwd|secret|signingkey|token|apikey|access_?key|connectionstrings", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^(/[\w.-]+)+$")]
    private static partial Regex MountedFilePath();

    [GeneratedRegex(@"(^|;)\s*(password|pwd)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^/@:\s]+:[^/@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfoInUri();
}
