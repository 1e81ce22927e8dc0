using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.CloudTrail;

/// <summary>CloudTrail LookupEvents over JSON 1.1, rate-limited per account and region, paged by NextToken.</summary>
public sealed class CloudTrailClient(AwsHttp http, CloudTrailRateLimits limits)
{
    private const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    /// <summary>Every event of the root user name in the window; events are raw (CloudTrailEvent still a JSON string).</summary>
    public async IAsyncEnumerable<JsonElement> LookupRootEventsAsync(AwsTarget target, string region, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? nextToken = null;
        do
        {
            var request = new JsonObject
            {
                ["LookupAttributes"] = new JsonArray(new JsonObject { ["AttributeKey"] = "Username", ["AttributeValue"] = "root" }),
                ["StartTime"] = from.ToUnixTimeSeconds(),
                ["EndTime"] = to.ToUnixTimeSeconds(),
                ["MaxResults"] = 50,
            };
            if (nextToken is not null)
            {
                request["NextToken"] = nextToken;
            }
            await limits.WaitAsync(target.AccountKey, region, ct);
            var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
            var body = await http.PostAsync(target.Credentials, target.CloudTrail(region), "cloudtrail:LookupEvents", content,
                [new("X-Amz-Target", Target)], ct);
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(body);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new AwsMalformedResponseException("cloudtrail:LookupEvents", e.Message, e);
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AwsMalformedResponseException("cloudtrail:LookupEvents", "the answer is not a JSON object");
            }
            if (root.TryGetProperty("Events", out var events) && events.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in events.EnumerateArray())
                {
                    yield return item;
                }
            }
            nextToken = root.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        }
        while (!string.IsNullOrEmpty(nextToken));
    }
}
