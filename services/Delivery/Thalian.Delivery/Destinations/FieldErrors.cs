namespace Thalian.Delivery.Destinations;

/// <summary>Validation errors keyed by field path (<c>settings.url</c>), the shape of a problem+json <c>errors</c> member.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = [];

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>An absolute http(s) URL; plain http only when <paramref name="allowHttp"/> (tests and demos).</summary>
    public Uri? Url(string field, string? value, bool allowHttp)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required: the receiver's URL, e.g. https://siem.example.com/ingest.");
            return null;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Add(field, $"'{value}' is not an absolute http(s) URL.");
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            Add(field, "Must use https: findings are sensitive and the receiver must be authenticated by TLS.");
            return null;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            Add(field, "Must not contain credentials; put them in secrets.");
            return null;
        }
        return uri;
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
