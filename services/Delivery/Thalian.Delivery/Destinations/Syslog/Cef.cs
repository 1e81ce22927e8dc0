using System.Text;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>CEF escaping, per the ArcSight CEF specification: header fields and extension values escape differently.</summary>
public static class Cef
{
    /// <summary>Header fields: <c>\</c> → <c>\\</c>, <c>|</c> → <c>\|</c>; newlines (and other control characters) are not allowed there, so they become spaces.</summary>
    public static string Header(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '|' => text.Append(@"\|"),
                _ when char.IsControl(c) => text.Append(' '),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }

    /// <summary>Extension values: <c>\</c> → <c>\\</c>, <c>=</c> → <c>\=</c>, CR/LF → <c>\r</c>/<c>\n</c>, other control characters → space; pipes stay as they are.</summary>
    public static string Extension(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '=' => text.Append(@"\="),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                _ when char.IsControl(c) => text.Append(' '),
                _ => text.Append(c),
            };
        }
        return text.ToString();
    }
}
