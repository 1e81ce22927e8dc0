using Microsoft.Extensions.Options;
using Thalian.Contracts.Aws;
using Thalian.AwsCollector.AwsApi;
using Thalian.AwsCollector.CloudTrail;

namespace Thalian.AwsCollector.Syncing;

public sealed record RootActivityResult(IReadOnlyList<RootActivity> Activity, bool Available, string? Error, IReadOnlyList<string> Unparseable, DateTimeOffset CheckedUntil);

/// <summary>
/// Root use from CloudTrail in us-east-1 (where global events land) plus configured regions. After the first
/// sync only events newer than the last check (minus CloudTrail's delivery delay) are asked for.
/// </summary>
public sealed class RootActivityReader(CloudTrailClient cloudTrail, IOptions<AwsCollectorOptions> options, TimeProvider time)
{
    private static readonly TimeSpan DeliveryDelay = TimeSpan.FromMinutes(20);

    /// <summary>The most recent root uses kept and reported; the rule needs only the latest, the rest is evidence.</summary>
    private const int MaxKept = 200;

    public async Task<RootActivityResult> ReadAsync(AwsTarget target, IEnumerable<string> connectionRegions,
        DateTimeOffset? checkedUntil, IReadOnlyList<RootActivity> known, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var windowStart = now.AddDays(-options.Value.RootActivityWindowDays);
        var from = checkedUntil is { } c && c - DeliveryDelay > windowStart ? c - DeliveryDelay : windowStart;
        var regions = new[] { target.Partition.DefaultRegion }.Concat(options.Value.CloudTrailRegions).Concat(connectionRegions)
            .Where(target.Partition.Contains).Distinct(StringComparer.Ordinal).ToList();
        var found = known.Where(a => a.EventTime >= windowStart).ToDictionary(a => a.EventId, StringComparer.Ordinal);
        var unparseable = new List<string>();
        var failures = new List<string>();
        foreach (var region in regions)
        {
            try
            {
                await foreach (var item in cloudTrail.LookupRootEventsAsync(target, region, from, now, ct))
                {
                    var outcome = RootActivityFilter.Evaluate(item, region);
                    if (outcome.Activity is { } activity)
                    {
                        found[activity.EventId] = activity;
                    }
                    if (outcome.Unparseable is { } problem)
                    {
                        unparseable.Add(problem);
                    }
                }
            }
            catch (Exception e) when (e is AwsApiException or HttpRequestException)
            {
                // Unknown visibility, not "no root use": downstream must not pass root-recently-used on this.
                // Unreadable answers (AwsMalformedResponseException) still fail the sync.
                failures.Add(Describe(e, region, target.Partition.DefaultRegion));
            }
        }
        var kept = found.Values.OrderByDescending(a => a.EventTime).Take(MaxKept).ToList();
        return failures.Count == 0
            ? new RootActivityResult(kept, true, null, unparseable, now)
            // The window is not advanced, so the next sync asks the failed regions for the whole gap again.
            : new RootActivityResult(kept, false, string.Join(" ", failures), unparseable, checkedUntil ?? windowStart);
    }

    private static string Describe(Exception e, string region, string defaultRegion) => e switch
    {
        AwsApiException { Code: "UnrecognizedClientException" or "InvalidClientTokenId" or "OptInRequired" } when region != defaultRegion =>
            $"CloudTrail in {region}: the region appears not to be enabled for this account (AWS does not accept the credentials there). Enable it or remove it from the CloudTrail regions.",
        _ => $"CloudTrail in {region}: {AwsProblems.Describe(e)}",
    };
}
