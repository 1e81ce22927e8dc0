using System.Xml.Linq;

namespace Thalian.AwsEmulator.Protocol;

/// <summary>Builds Query-protocol answers: {Action}Response / {Action}Result / ResponseMetadata, lists as member elements.</summary>
public sealed class QueryXml(XNamespace xmlNamespace)
{
    public static readonly QueryXml Iam = new("https://iam.amazonaws.com/doc/2010-05-08/");
    public static readonly QueryXml Sts = new("https://sts.amazonaws.com/doc/2011-06-15/");

    public XNamespace Namespace { get; } = xmlNamespace;

    public IResult Ok(string action, params object?[] result) => Results.Content(
        new XDocument(new XElement(Namespace + $"{action}Response",
            new XElement(Namespace + $"{action}Result", result),
            new XElement(Namespace + "ResponseMetadata", new XElement(Namespace + "RequestId", Guid.NewGuid())))).ToString(SaveOptions.DisableFormatting),
        "text/xml");

    public XElement E(string name, params object?[] content) => new(Namespace + name, content);

    public XElement? Opt(string name, object? value) => value is null ? null : new XElement(Namespace + name, value);

    public XElement List(string name, IEnumerable<XElement> members) => new(Namespace + name, members.Select(m => new XElement(Namespace + "member", m.Elements())));

    public XElement Members(string name, IEnumerable<object> members) => new(Namespace + name, members.Select(m => new XElement(Namespace + "member", m)));

    /// <summary>Wraps a bag of child elements so <see cref="List"/> can turn it into a member.</summary>
    public XElement Item(params object?[] children) => new(Namespace + "item", children);
}
