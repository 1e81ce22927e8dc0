using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Thalian.Delivery.Ocsf;

namespace Thalian.Delivery.Destinations.SplunkHec;

/// <summary>
/// Splunk HTTP Event Collector: batches of event objects concatenated in one POST to <c>/services/collector/event</c>
/// (<c>Authorization: Splunk &lt;token&gt;</c>), each with <c>time</c> (epoch seconds, millisecond fraction), <c>host</c>,
/// <c>source</c>, <c>sourcetype</c> (default <c>thalian:ocsf:finding</c>), optional <c>index</c>, and the OCSF Detection
/// Finding as <c>event</c>. With indexer acknowledgement every request carries the destination's channel and a batch
/// is delivered only when <c>/services/collector/ack</c> confirms it; an unacknowledged batch is sent again.
/// </summary>
public sealed class SplunkHecDestination(IHttpClientFactory http, IOptions<DeliveryOptions> options) : DestinationType<SplunkHecSettings>
{
    public const string Token = "token";
    public const string DefaultSourcetype = "thalian:ocsf:finding";

    public override string Name => "splunk-hec";

    public override IReadOnlyList<SecretSpec> Secrets { get; } = [new(Token, true, "the HEC token (a GUID from Settings → Data inputs → HTTP Event Collector).")];

    public override int MaxBatchSize => 100;

    protected override void Check(SplunkHecSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors)
    {
        errors.Url("settings.url", settings.Url, options.Value.AllowInsecureHttp);
        if (settings.Index is { } index && (index.Length == 0 || !index.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')))
        {
            errors.Add("settings.index", "A Splunk index name: lower-case letters, digits, '_' and '-'.");
        }
        foreach (var (field, value) in new[] { ("source", settings.Source), ("sourcetype", settings.Sourcetype), ("host", settings.Host) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"settings.{field}", "Must not be empty (leave it out for the default).");
            }
        }
        if (settings.AckPollSeconds is <= 0 or > 600)
        {
            errors.Add("settings.ackPollSeconds", "Between 0 and 600 seconds.");
        }
        if (settings.AckPollAttempts is < 1 or > 1000)
        {
            errors.Add("settings.ackPollAttempts", "Between 1 and 1000.");
        }
    }

    protected override async Task<SendOutcome> SendAsync(SplunkHecSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var baseUrl = new Uri(settings.Url!.TrimEnd('/') + "/");
        var client = http.CreateClient(HttpAnswers.ClientName);
        var body = string.Concat(events.Select(e => EventObject(e, settings).ToJsonString()));
        try
        {
            using var request = Request(new Uri(baseUrl, "services/collector/event"), body, settings, target);
            using var response = await client.SendAsync(request, cancellationToken);
            var answer = HecAnswer.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (answer.Failure((int)response.StatusCode, HttpAnswers.Classify(response, 0).Failure?.RetryAfter) is { } failure)
            {
                return new SendOutcome(0, failure, failure.Reason);
            }
            if (!settings.UseAck)
            {
                return SendOutcome.AllDelivered(events.Count, answer.Words);
            }
            if (answer.AckId is not { } ackId)
            {
                return SendOutcome.Failed(0, FailureKind.Permanent, "Splunk returned no ackId although useAck is on; turn on indexer acknowledgement for the token or turn off useAck.");
            }
            return await AwaitAckAsync(client, new Uri(baseUrl, "services/collector/ack"), ackId, events.Count, settings, target, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HttpAnswers.FromException(e, baseUrl);
        }
    }

    private static async Task<SendOutcome> AwaitAckAsync(HttpClient client, Uri ackUrl, long ackId, int count, SplunkHecSettings settings,
        DestinationTarget target, CancellationToken cancellationToken)
    {
        var query = JsonSerializer.Serialize(new { acks = new[] { ackId } });
        for (var attempt = 0; attempt < settings.AckPollAttempts; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.AckPollSeconds), cancellationToken);
            using var request = Request(ackUrl, query, settings, target);
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var answer = HecAnswer.Parse(body);
                return new SendOutcome(0, answer.Failure((int)response.StatusCode, null)
                    ?? new DeliveryFailure(FailureKind.Transient, $"Polling the acknowledgement failed (HTTP {(int)response.StatusCode})."), answer.Words);
            }
            if (JsonNode.Parse(body)?["acks"]?[ackId.ToString(CultureInfo.InvariantCulture)]?.GetValue<bool>() == true)
            {
                return SendOutcome.AllDelivered(count, $"HEC acknowledged ackId {ackId}");
            }
        }
        return SendOutcome.Failed(0, FailureKind.Transient, $"Splunk did not acknowledge ackId {ackId} after {settings.AckPollAttempts} polls; the batch is sent again.");
    }

    private static HttpRequestMessage Request(Uri url, string body, SplunkHecSettings settings, DestinationTarget target)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", target.Secret(Token));
        if (settings.UseAck)
        {
            // One stable channel per destination: its id.
            request.Headers.Add("X-Splunk-Request-Channel", target.Id.ToString());
        }
        return request;
    }

    public static JsonObject EventObject(DeliveryEvent e, SplunkHecSettings settings)
    {
        var o = new JsonObject
        {
            ["time"] = Math.Round(e.OccurredAt.ToUnixTimeMilliseconds() / 1000.0, 3),
            ["host"] = settings.Host,
            ["source"] = settings.Source,
            ["sourcetype"] = settings.Sourcetype,
            ["event"] = OcsfDetectionFinding.Map(e),
        };
        if (settings.Index is { } index)
        {
            o["index"] = index;
        }
        return o;
    }
}
