using System.Text;
using System.Text.Json.Nodes;

namespace Thalian.Delivery.Destinations.SecurityHub;

/// <summary>
/// Splits findings, in order, into BatchImportFindings calls: at most 100 and 6 MB each, and a finding's Id at most once
/// per call — Security Hub does not promise an order inside one call, so a second transition of the same finding
/// starts the next call.
/// </summary>
public static class SecurityHubBatches
{
    public const int MaxCallBytes = 6 * 1024 * 1024;

    public static IEnumerable<IReadOnlyList<JsonObject>> Split(IEnumerable<JsonObject> findings)
    {
        var batch = new List<JsonObject>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0;
        foreach (var finding in findings)
        {
            var id = finding["Id"]!.GetValue<string>();
            var size = Encoding.UTF8.GetByteCount(finding.ToJsonString());
            if (batch.Count == SecurityHubClient.MaxFindingsPerCall || ids.Contains(id) || bytes + size > MaxCallBytes)
            {
                yield return batch;
                batch = [];
                ids.Clear();
                bytes = 0;
            }
            batch.Add(finding);
            ids.Add(id);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
