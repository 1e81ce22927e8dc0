using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Thalian.Gateway.Tenancy;

/// <summary>Creates and hashes API key secrets: "thk_" followed by 32 random bytes in base64url.</summary>
public static class ApiKeySecrets
{
    public const string Marker = "thk_";
    private const int SecretLength = 43; // 32 bytes in unpadded base64url

    public static (string Plaintext, string Hash, string Prefix) Generate()
    {
        var plaintext = Marker + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (plaintext, Hash(plaintext), PrefixOf(plaintext));
    }

    public static string Hash(string plaintext) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plaintext)));

    public static bool LooksLikeKey(string value) =>
        value.StartsWith(Marker, StringComparison.Ordinal) && value.Length == Marker.Length + SecretLength
        && value.AsSpan(Marker.Length).IndexOfAnyExcept(Base64UrlAlphabet) < 0;

    private static string PrefixOf(string plaintext) => plaintext[..(Marker.Length + 6)];

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
