namespace Thalian.Deployment.Tests.Configuration;

/// <summary>What one service reads; <see cref="Reads"/> takes a key in "A:B:C" form, case-insensitively.</summary>
public sealed class ReadKeys(IReadOnlySet<string> keys, IReadOnlySet<string> sections, IReadOnlySet<string> members)
{
    public bool Reads(string key) => keys.Contains(key) || ReadsBelowASection(key, depth: 0);

    // "Thalian:Aws:SyncInterval" is read when "Thalian:Aws" is a section and, within it, "SyncInterval" is
    // read by name (GetValue, indexer) or bound to a property of that name.
    private bool ReadsBelowASection(string key, int depth)
    {
        if (depth > 4)
        {
            return false;
        }
        foreach (var section in sections.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
        {
            var rest = key[(section.Length + 1)..];
            if (keys.Contains(rest) || (!rest.Contains(':', StringComparison.Ordinal) && members.Contains(rest)) || ReadsBelowASection(rest, depth + 1))
            {
                return true;
            }
        }
        return false;
    }
}
