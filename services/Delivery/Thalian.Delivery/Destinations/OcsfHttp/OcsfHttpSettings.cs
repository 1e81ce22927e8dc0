namespace Thalian.Delivery.Destinations.OcsfHttp;

public enum OcsfHttpAuth
{
    /// <summary><c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    Bearer,
    /// <summary><c>&lt;signatureHeader&gt;: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    Hmac,
}

/// <param name="Url">The collector's endpoint; each batch is one POST of NDJSON (one OCSF event per line).</param>
/// <param name="SignatureHeader">With HMAC: the header carrying the signature (default X-Thalian-Signature).</param>
public sealed record OcsfHttpSettings(string? Url, OcsfHttpAuth Auth = OcsfHttpAuth.Bearer, string? SignatureHeader = null);
