namespace Thalian.Resilience.Tests.Observing;

/// <summary>A faulted tenant's outcome against the fault-free one, in the terms of the README's table.</summary>
public sealed record Comparison(
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> Extra,
    IReadOnlyList<string> DuplicatedTransitions,
    IReadOnlyList<string> SpuriousResolutions,
    IReadOnlyList<string> OtherTransitionDifferences,
    int ExtraDeletions)
{
    public bool Same => Lost.Count == 0 && Extra.Count == 0 && DuplicatedTransitions.Count == 0 && SpuriousResolutions.Count == 0
        && OtherTransitionDifferences.Count == 0 && ExtraDeletions == 0;

    public static Comparison Of(Outcome baseline, Outcome faulted)
    {
        var duplicated = new List<string>();
        var spurious = new List<string>();
        var other = new List<string>();
        foreach (var key in baseline.Transitions.Keys.Union(faulted.Transitions.Keys).Order(StringComparer.Ordinal))
        {
            var expected = baseline.Transitions.GetValueOrDefault(key, "");
            var actual = faulted.Transitions.GetValueOrDefault(key, "");
            if (expected == actual)
            {
                continue;
            }
            var line = $"{key}: expected [{expected}], got [{actual}]";
            if (Count(actual, "opened") > Count(expected, "opened"))
            {
                duplicated.Add(line);
            }
            else if (Count(actual, "resolved") + Count(actual, "reopened") > Count(expected, "resolved") + Count(expected, "reopened"))
            {
                spurious.Add(line);
            }
            else
            {
                other.Add(line);
            }
        }
        return new Comparison(
            [.. baseline.OpenFindings.Except(faulted.OpenFindings).Order(StringComparer.Ordinal)],
            [.. faulted.OpenFindings.Except(baseline.OpenFindings).Order(StringComparer.Ordinal)],
            duplicated, spurious, other, faulted.IdentityDeletions - baseline.IdentityDeletions);
    }

    private static int Count(string transitions, string kind) => transitions.Split(',').Count(t => t == kind);

    public override string ToString() =>
        $"lost {Lost.Count} (e.g. {string.Join("; ", Lost.Take(3))}), extra {Extra.Count} (e.g. {string.Join("; ", Extra.Take(3))}), " +
        $"duplicated transitions {DuplicatedTransitions.Count} (e.g. {string.Join("; ", DuplicatedTransitions.Take(3))}), " +
        $"spurious resolutions {SpuriousResolutions.Count} (e.g. {string.Join("; ", SpuriousResolutions.Take(3))}), " +
        $"other transition differences {OtherTransitionDifferences.Count} (e.g. {string.Join("; ", OtherTransitionDifferences.Take(3))}), extra deletions {ExtraDeletions}";
}
