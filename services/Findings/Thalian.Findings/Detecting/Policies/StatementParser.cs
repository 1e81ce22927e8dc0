using System.Text.Json;

namespace Thalian.Findings.Detecting.Policies;

internal static class StatementParser
{
    public static PolicyStatement Parse(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException($"statement {index} is not an object");
        }
        var effect = PolicyParser.Property(element, "Effect");
        if (effect is not { ValueKind: JsonValueKind.String })
        {
            throw new PolicyFormatException($"statement {index} has no Effect");
        }
        var sid = PolicyParser.Property(element, "Sid") is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
        var actions = StringsOrNull(element, "Action", index);
        var notActions = StringsOrNull(element, "NotAction", index);
        if (actions is null && notActions is null)
        {
            throw new PolicyFormatException($"statement {index} has neither Action nor NotAction");
        }
        return new PolicyStatement(
            index,
            sid,
            effect.Value.GetString()!.Trim(),
            actions,
            notActions,
            StringsOrNull(element, "Resource", index),
            Principals(element, "Principal", index),
            Principals(element, "NotPrincipal", index),
            Conditions(element, index));
    }

    private static List<string>? StringsOrNull(JsonElement element, string name, int index) =>
        PolicyParser.Property(element, name) is { } value ? Strings(value, $"statement {index} {name}") : null;

    internal static List<string> Strings(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.True or JsonValueKind.False => [value.GetBoolean() ? "true" : "false"],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(v => v.ValueKind == JsonValueKind.Array
            ? throw new PolicyFormatException($"{where} has a nested array")
            : Strings(v, where)).ToList(),
        _ => throw new PolicyFormatException($"{where} is not a string or a list of strings"),
    };

    private static PrincipalSet? Principals(JsonElement element, string name, int index)
    {
        if (PolicyParser.Property(element, name) is not { } value)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Trim() == "*"
                ? new PrincipalSet(true, new Dictionary<string, IReadOnlyList<string>>())
                : throw new PolicyFormatException($"statement {index} {name} is a string other than \"*\"");
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException($"statement {index} {name} is neither \"*\" nor a map");
        }
        var byType = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in value.EnumerateObject())
        {
            var values = Strings(property.Value, $"statement {index} {name}.{property.Name}").Select(v => v.Trim());
            byType[property.Name] = byType.TryGetValue(property.Name, out var existing) ? [.. existing, .. values] : values.ToList();
        }
        return new PrincipalSet(false, byType);
    }

    private static List<PolicyCondition> Conditions(JsonElement element, int index)
    {
        if (PolicyParser.Property(element, "Condition") is not { } block || block.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException($"statement {index} Condition is not a map");
        }
        var conditions = new List<PolicyCondition>();
        foreach (var op in block.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyFormatException($"statement {index} Condition {op.Name} is not a map");
            }
            foreach (var key in op.Value.EnumerateObject())
            {
                conditions.Add(PolicyCondition.Create(op.Name, key.Name, Strings(key.Value, $"statement {index} Condition {op.Name}.{key.Name}")));
            }
        }
        return conditions;
    }
}
