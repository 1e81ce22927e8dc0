namespace Thalian.Findings.Detecting.Policies;

public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements);

/// <summary>One statement, normalised: single values became lists, element names were matched case-insensitively.</summary>
public sealed record PolicyStatement(
    int Index,
    string? Sid,
    string Effect,
    IReadOnlyList<string>? Actions,
    IReadOnlyList<string>? NotActions,
    IReadOnlyList<string>? Resources,
    PrincipalSet? Principal,
    PrincipalSet? NotPrincipal,
    IReadOnlyList<PolicyCondition> Conditions)
{
    public bool IsAllow => string.Equals(Effect, "Allow", StringComparison.OrdinalIgnoreCase);

    public string Label => Sid is { Length: > 0 } ? $"statement {Index} ({Sid})" : $"statement {Index}";
}

/// <summary><c>"*"</c> (<see cref="Everyone"/>) or a map of principal type (AWS, Service, Federated, CanonicalUser) to values.</summary>
public sealed record PrincipalSet(bool Everyone, IReadOnlyDictionary<string, IReadOnlyList<string>> ByType)
{
    public IReadOnlyList<string> Of(string type) => ByType.TryGetValue(type, out var values) ? values : [];

    public IEnumerable<string> AllValues => ByType.Values.SelectMany(v => v);
}

/// <summary>One key under one operator, e.g. <c>ForAnyValue:StringLikeIfExists</c> → base StringLike, IfExists, ForAnyValue.</summary>
public sealed record PolicyCondition(string Operator, string BaseOperator, bool IfExists, string? SetQualifier, string Key, IReadOnlyList<string> Values)
{
    public static PolicyCondition Create(string op, string key, IReadOnlyList<string> values)
    {
        var rest = op.Trim();
        string? qualifier = null;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            qualifier = rest[..colon];
            rest = rest[(colon + 1)..];
        }
        var ifExists = rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            rest = rest[..^"IfExists".Length];
        }
        return new PolicyCondition(op, rest, ifExists, qualifier, key.Trim().ToLowerInvariant(), values);
    }

    public bool IsForAllValues => string.Equals(SetQualifier, "ForAllValues", StringComparison.OrdinalIgnoreCase);

    public bool BaseIs(params string[] operators) => operators.Any(o => string.Equals(o, BaseOperator, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Operator} {Key}={string.Join("|", Values)}";
}
