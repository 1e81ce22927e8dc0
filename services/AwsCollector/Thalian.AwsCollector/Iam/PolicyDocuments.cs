using System.Text.Json;

namespace Thalian.AwsCollector.Iam;

/// <summary>
/// AWS returns policy documents RFC 3986 percent-encoded (moto sends trust policies raw). Decode with
/// Uri.UnescapeDataString — never form decoding, which would turn '+' into a space.
/// </summary>
public static class PolicyDocuments
{
    public readonly record struct Decoded(string? Json, string? Error);

    public static Decoded Decode(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded))
        {
            return new(null, "the policy document is missing");
        }
        var trimmed = encoded.Trim();
        string text;
        try
        {
            text = trimmed.StartsWith('{') ? trimmed : Uri.UnescapeDataString(trimmed);
        }
        catch (UriFormatException e)
        {
            return new(null, $"the policy document could not be percent-decoded: {e.Message}");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new(text, null)
                : new(null, "the policy document is not a JSON object");
        }
        catch (JsonException e)
        {
            return new(null, $"the policy document is not valid JSON: {e.Message}");
        }
    }
}
