using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Thalian.Gateway.Tenancy;

/// <summary>
/// Creates and hashes API key secrets: "thk_", 32 random bytes in base64url, then a 6-character checksum (the first
/// 4 bytes of SHA-256 of what precedes it). The checksum lets the gateway turn away mistyped or made-up keys without a
/// database lookup; keys issued before it existed (no checksum) are still looked up.
/// </summary>
public static class ApiKeySecrets
{
    public const string Marker = "thk_";
    private const int SecretLength = 43; // 32 bytes in unpadded base64url
    private const int ChecksumLength = 6; // 4 bytes in unpadded base64url
    public const int Length = 4 + SecretLength + ChecksumLength;
    private const int LegacyLength = 4 + SecretLength;

    public static (string Plaintext, string Hash, string Prefix) Generate()
    {
        var body = Marker + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var plaintext = body + ChecksumOf(body);
        return (plaintext, Hash(plaintext), PrefixOf(plaintext));
    }

    public static string Hash(string plaintext) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plaintext)));

    public static bool LooksLikeKey(string value) =>
        value.StartsWith(Marker, StringComparison.Ordinal) && value.Length is Length or LegacyLength
        && value.AsSpan(Marker.Length).IndexOfAnyExcept(Base64UrlAlphabet) < 0;

    /// <summary>False for a well-formed key whose checksum does not match: it was never issued, so nothing is looked up.</summary>
    public static bool ChecksumHolds(string key) =>
        key.Length == LegacyLength || (key.Length == Length && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(ChecksumOf(key[..LegacyLength])), Encoding.ASCII.GetBytes(key[LegacyLength..])));

    private static string ChecksumOf(string body) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(body)), 0, 4);

    private static string PrefixOf(string plaintext) => plaintext[..(Marker.Length + 6)];

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
