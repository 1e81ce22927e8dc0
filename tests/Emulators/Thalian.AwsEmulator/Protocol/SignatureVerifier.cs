using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal.Auth;

namespace Thalian.AwsEmulator.Protocol;

/// <summary>The SigV4 scope a request was signed for, once its signature checked out.</summary>
public sealed record SignedCaller(string AccessKeyId, string Region, string Service);

/// <summary>
/// Rebuilds the canonical request from what arrived and recomputes the signature with AWSSDK.Core's
/// AWS4Signer.ComputeSignature, using the secret of the key the request names.
/// </summary>
public static partial class SignatureVerifier
{
    public static (SignedCaller? Caller, AwsFault? Fault) Verify(HttpRequest request, byte[] body, Func<string, (string Secret, string? Token)?> secretOf)
    {
        var header = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(header);
        if (!match.Success)
        {
            return (null, new AwsFault("MissingAuthenticationToken", "Request is missing a valid SigV4 Authorization header.", 403));
        }
        var (keyId, date, region, service) = (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        if (secretOf(keyId) is not { } credentials)
        {
            return (null, new AwsFault("InvalidClientTokenId", "The security token included in the request is invalid.", 403));
        }
        if (credentials.Token is not null && request.Headers["X-Amz-Security-Token"].ToString() != credentials.Token)
        {
            return (null, new AwsFault("InvalidClientTokenId", "The security token included in the request is invalid.", 403));
        }
        if (!DateTime.TryParseExact(request.Headers["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt) || !signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture).Equals(date, StringComparison.Ordinal))
        {
            return (null, new AwsFault("IncompleteSignature", "X-Amz-Date is missing or does not match the credential scope.", 403));
        }
        if (Math.Abs((DateTime.UtcNow - signedAt).TotalMinutes) > 15)
        {
            return (null, new AwsFault("RequestExpired", "Request has expired.", 403));
        }
        var signedHeaders = match.Groups["headers"].Value;
        var canonical = CanonicalRequest(request, body, signedHeaders);
        var expected = AWS4Signer.ComputeSignature(keyId, credentials.Secret, region, signedAt, service, signedHeaders, canonical).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value)))
        {
            return (null, new AwsFault("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
                $"The Canonical String for this request should have been '{canonical}'", 403));
        }
        return (new SignedCaller(keyId, region, service), null);
    }

    private static string CanonicalRequest(HttpRequest request, byte[] body, string signedHeaders)
    {
        var headers = signedHeaders.Split(';').Select(name => $"{name}:{HeaderValue(request, name)}\n");
        var query = string.Join("&", request.Query
            .SelectMany(q => q.Value.Select(v => (Key: Uri.EscapeDataString(q.Key), Value: Uri.EscapeDataString(v ?? ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var path = string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value;
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        return $"{request.Method}\n{path}\n{query}\n{string.Concat(headers)}\n{signedHeaders}\n{payloadHash}";
    }

    private static string HeaderValue(HttpRequest request, string name)
    {
        var value = name == "host" ? request.Host.Value ?? "" : string.Join(",", request.Headers[name].Select(v => v?.Trim()));
        return SpacesPattern().Replace(value.Trim(), " ");
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\s*SignedHeaders=(?<headers>[^,]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpacesPattern();
}
