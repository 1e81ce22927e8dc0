namespace Thalian.IdpCollector.Connecting;

/// <summary>
/// Which hosts a connection may point the collector at. A tenant-supplied URL is an SSRF vector, so only the
/// vendors' real hosts (over https) are accepted unless custom endpoints are on — which happens only for a demo/test
/// tenant of an installation that allows them (see <see cref="CredentialCheck.Define"/>).
/// </summary>
public sealed class EndpointPolicy(bool allowCustomEndpoints)
{
    public static readonly string[] OktaHosts = ["*.okta.com", "*.oktapreview.com", "*.okta-emea.com", "*.okta-gov.com", "*.okta.mil"];
    public static readonly string[] EntraAuthorityHosts = ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"];
    public static readonly string[] GraphHosts = ["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"];
    public static readonly string[] GoogleTokenHosts = ["oauth2.googleapis.com", "accounts.google.com", "www.googleapis.com"];
    public static readonly string[] GoogleDirectoryHosts = ["admin.googleapis.com", "www.googleapis.com"];
    public static readonly string[] JumpCloudHosts = ["console.jumpcloud.com", "console.eu.jumpcloud.com"];
    public static readonly string[] OneLoginHosts = ["*.onelogin.com"];

    /// <summary>Parses and checks a URL; returns the URL without a trailing slash, or an error in words.</summary>
    public (string? Url, string? Error) Check(string field, string? value, IReadOnlyList<string> vendorHosts)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, $"{field} is required.");
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return (null, $"{field} must be an absolute https URL, e.g. https://{vendorHosts[0].TrimStart('*', '.')}.");
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, $"{field} must not carry a query, fragment or user info.");
        }
        var url = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (allowCustomEndpoints)
        {
            return (url, null);
        }
        if (uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort || !vendorHosts.Any(h => Matches(uri.Host, h)))
        {
            return (null, $"{field} must be an https URL on {string.Join(", ", vendorHosts)} (custom endpoints are only for demo/test tenants of an installation that allows them).");
        }
        return (url, null);
    }

    private static bool Matches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
