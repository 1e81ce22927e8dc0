namespace Thalian.Findings.Detecting;

/// <summary>IAM-style glob: <c>*</c> any run, <c>?</c> one character, case-insensitive.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || SameChar(pattern[p], value[v])))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>True when the value is made only of wildcard characters (or is empty): it pins nothing.</summary>
    public static bool IsOnlyWildcard(string value) => value.Trim().All(c => c is '*' or '?');

    private static bool SameChar(char a, char b) => char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
