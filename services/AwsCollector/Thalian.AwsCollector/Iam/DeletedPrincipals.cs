using System.Text.Json;
using System.Text.RegularExpressions;

namespace Thalian.AwsCollector.Iam;

/// <summary>
/// IAM shows a trust principal as its unique id (AIDA…, AROA…) once the user or role it named was deleted. Nobody can
/// assume the role through it, but a principal re-created under the old name is not trusted again either — worth
/// telling the role's owner, whatever the rules decide.
/// </summary>
public static partial class DeletedPrincipals
{
    public static IReadOnlyList<string> NotesFor(string? trustPolicyJson)
    {
        if (trustPolicyJson is null)
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(trustPolicyJson);
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            Collect(document.RootElement, ids);
            return [.. ids.Select(id => $"trust principal {id} is a unique id: the principal it named was deleted")];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static void Collect(JsonElement element, SortedSet<string> ids)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, ids);
            }
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals("AWS", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in Values(property.Value).Where(v => UniqueId().IsMatch(v)))
                {
                    ids.Add(value);
                }
            }
            else
            {
                Collect(property.Value, ids);
            }
        }
    }

    private static IEnumerable<string> Values(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!.Trim()],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.Trim()),
        _ => [],
    };

    [GeneratedRegex("^A(IDA|ROA|IPA|GPA|NPA|NVA|SIA|KIA)[A-Z0-9]{12,}$")]
    private static partial Regex UniqueId();
}
