using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>The AWS Query protocol (IAM): form-encoded POST, XML answer with an {Action}Result wrapper.</summary>
public sealed class QueryProtocol(AwsHttp http)
{
    public async Task<XElement> CallAsync(AWSCredentials credentials, AwsEndpoint endpoint, string version, string action,
        IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var qualified = $"{endpoint.Service}:{action}";
        var form = AwsHttp.Form([new("Action", action), new("Version", version), .. parameters]);
        var body = await http.PostAsync(credentials, endpoint, qualified, form, null, cancellationToken);
        try
        {
            var document = XDocument.Parse(body);
            return document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result")
                ?? throw new AwsMalformedResponseException(qualified, $"no {action}Result element");
        }
        catch (XmlException e)
        {
            throw new AwsMalformedResponseException(qualified, e.Message, e);
        }
    }
}

/// <summary>Namespace-agnostic reading of Query-protocol XML (elements by local name; absent list == empty).</summary>
public static class QueryXml
{
    public static XElement? Child(this XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(this XElement element, string name) => element.Child(name)?.Value;

    public static string Required(this XElement element, string name) =>
        element.Text(name) ?? throw new FormatException($"<{element.Name.LocalName}> has no <{name}>");

    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static bool Flag(this XElement element, string name) =>
        string.Equals(element.Text(name), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTimeOffset? Time(this XElement element, string name) =>
        element.Text(name) is { Length: > 0 } text ? AwsTime.Parse(text) : null;
}

public static class AwsTime
{
    /// <summary>ISO-8601 with or without fractional seconds and offset; always UTC.</summary>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
}
