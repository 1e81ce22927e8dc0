using System.Text.Json.Nodes;

namespace Thalian.IdpEmulator;

/// <summary>Synthetic users for large directories (benchmarks): <c>count</c> live ones, then <c>deletedCount</c> gone ones.</summary>
public static class Generators
{
    public static IEnumerable<JsonObject> Many(GenerateSpec? spec, Func<int, bool, JsonObject> make)
    {
        if (spec is null)
        {
            yield break;
        }
        for (var i = 0; i < spec.Count; i++)
        {
            yield return make(i, false);
        }
        for (var i = spec.Count; i < spec.Count + spec.DeletedCount; i++)
        {
            yield return make(i, true);
        }
    }
}
