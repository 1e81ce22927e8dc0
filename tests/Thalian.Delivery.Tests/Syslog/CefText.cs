using System.Text;

namespace Thalian.Delivery.Tests.Syslog;

/// <summary>
/// A reader of CEF written from the specification for the tests (not the formatter's code run backwards): seven header
/// fields split on unescaped pipes, then <c>key=value</c> pairs where a key is the word before an unescaped '='.
/// </summary>
public sealed record CefText(IReadOnlyList<string> Header, IReadOnlyDictionary<string, string> Extension)
{
    public string this[string key] => Extension[key];

    public static CefText Parse(string text)
    {
        if (!text.StartsWith("CEF:", StringComparison.Ordinal))
        {
            throw new FormatException($"Not CEF: {text}");
        }
        var header = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (header.Count < 7)
        {
            var c = text[i++];
            if (c == '\\' && text[i] is '\\' or '|')
            {
                field.Append(text[i++]);
            }
            else if (c == '|')
            {
                header.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        return new CefText(header, Pairs(text[i..]));
    }

    private static Dictionary<string, string> Pairs(string extension)
    {
        var separators = new List<int>();
        for (var i = 0; i < extension.Length; i++)
        {
            if (extension[i] == '\\')
            {
                i++;
            }
            else if (extension[i] == '=')
            {
                separators.Add(i);
            }
        }
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < separators.Count; n++)
        {
            var keyStart = n == 0 ? 0 : extension.LastIndexOf(' ', separators[n]) + 1;
            var key = extension[keyStart..separators[n]];
            var valueEnd = n + 1 < separators.Count ? extension.LastIndexOf(' ', separators[n + 1]) : extension.Length;
            pairs[key] = Unescape(extension[(separators[n] + 1)..valueEnd]);
        }
        return pairs;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 'n' => '\n', 'r' => '\r', var other => other });
            }
            else
            {
                text.Append(value[i]);
            }
        }
        return text.ToString();
    }
}
