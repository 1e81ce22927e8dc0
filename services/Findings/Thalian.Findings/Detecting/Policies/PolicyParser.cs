using System.Text.Json;

namespace Thalian.Findings.Detecting.Policies;

/// <summary>
/// Parses IAM policy JSON (raw or RFC 3986 percent-encoded). Anything that does not fit the grammar is an error,
/// so callers can report the document as unparseable instead of treating it as safe.
/// </summary>
public static class PolicyParser
{
    public static PolicyParseResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PolicyParseResult.Fail("empty policy document");
        }
        var json = text.Trim();
        if (!json.StartsWith('{') && json.Contains('%', StringComparison.Ordinal))
        {
            // Uri.UnescapeDataString is an RFC 3986 unescape: '+' stays '+', unlike a form decoder.
            json = Uri.UnescapeDataString(json).Trim();
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            RejectDuplicateKeys(document.RootElement, "policy");
            return ParseRoot(document.RootElement);
        }
        catch (JsonException e)
        {
            return PolicyParseResult.Fail($"not valid JSON: {e.Message}");
        }
        catch (PolicyFormatException e)
        {
            return PolicyParseResult.Fail(e.Message);
        }
    }

    private static PolicyParseResult ParseRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("policy is not a JSON object");
        }
        var statement = Property(root, "Statement") ?? throw new PolicyFormatException("policy has no Statement");
        var elements = statement.ValueKind switch
        {
            JsonValueKind.Object => [statement],
            JsonValueKind.Array => statement.EnumerateArray().ToList(),
            _ => throw new PolicyFormatException("Statement is neither an object nor an array"),
        };
        var statements = elements.Select((e, i) => StatementParser.Parse(e, i)).ToList();
        return PolicyParseResult.Ok(new PolicyDocument(statements));
    }

    /// <summary>
    /// A key twice in one object (element names compare case-insensitively) means two readers can disagree on what the
    /// policy says, so the document is unparseable rather than read one way.
    /// </summary>
    private static void RejectDuplicateKeys(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                RejectDuplicateKeys(item, where);
            }
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new PolicyFormatException($"duplicate key \"{property.Name}\" in {where}");
            }
            RejectDuplicateKeys(property.Value, property.Name);
        }
    }

    internal static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }
}

public sealed record PolicyParseResult(PolicyDocument? Document, string? Error)
{
    public static PolicyParseResult Ok(PolicyDocument document) => new(document, null);

    public static PolicyParseResult Fail(string error) => new(null, error);
}

public sealed class PolicyFormatException(string message) : Exception(message);
