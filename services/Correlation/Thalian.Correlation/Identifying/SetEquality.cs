namespace Thalian.Correlation.Identifying;

/// <summary>Order-insensitive comparisons: collectors may list the same things in a different order between syncs.</summary>
public static class SetEquality
{
    public static bool SameItems<T>(IEnumerable<T>? left, IEnumerable<T>? right) =>
        (left ?? []).ToHashSet().SetEquals(right ?? []) && (left ?? []).Count() == (right ?? []).Count();

    public static bool SameMap(IReadOnlyDictionary<string, string>? left, IReadOnlyDictionary<string, string>? right)
    {
        left ??= new Dictionary<string, string>();
        right ??= new Dictionary<string, string>();
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    public static bool SameCounts(IReadOnlyDictionary<string, int>? left, IReadOnlyDictionary<string, int>? right)
    {
        left ??= new Dictionary<string, int>();
        right ??= new Dictionary<string, int>();
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
