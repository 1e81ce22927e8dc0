using System.Globalization;
using System.Text.Json;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>Tolerant readers for vendor JSON: a missing or oddly typed field is null, never an exception.</summary>
public static class JsonFields
{
    public static JsonElement? Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    public static string? Str(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => null,
    };

    public static bool? Bool(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static int? Number(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var i) => i,
        { ValueKind: JsonValueKind.String } v when int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    public static DateTimeOffset? Time(this JsonElement element, params string[] path) =>
        DateTimeOffset.TryParse(element.Str(path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static IEnumerable<string> Strings(this JsonElement element, params string[] path) =>
        element.Get(path) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];

    /// <summary>Distinct non-empty values, excluding <paramref name="except"/> (case-insensitive).</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string?> values, string? except = null) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && !string.Equals(v, except, StringComparison.OrdinalIgnoreCase))
            .Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Parses one page body; malformed JSON becomes a protocol failure naming the page.</summary>
    public static JsonDocument ParsePage(string body, string what)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new DirectoryException(DirectoryFailure.Protocol, $"{what} was not valid JSON ({ex.Message}); the listing stopped there.", ex);
        }
    }
}
