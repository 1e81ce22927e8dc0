using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using Thalian.Delivery.Ocsf;

namespace Thalian.Delivery.Destinations.Webhook;

/// <summary>
/// Standard Webhooks: one POST per event, body <c>{"type":"finding.&lt;transition&gt;","timestamp":...,"data":&lt;OCSF&gt;}</c>,
/// headers <c>webhook-id</c> (the event id, stable across retries so the receiver deduplicates), <c>webhook-timestamp</c>
/// and <c>webhook-signature</c> (v1 HMAC-SHA256, signed by the StandardWebhooks library). During a secret rotation the
/// signature header carries one signature per valid secret.
/// </summary>
public sealed class WebhookDestination(IHttpClientFactory http, IOptions<DeliveryOptions> options, TimeProvider clock) : DestinationType<WebhookSettings>
{
    public const string SigningSecret = "signingSecret";

    public override string Name => "webhook";

    public override IReadOnlyList<SecretSpec> Secrets { get; } =
        [new(SigningSecret, true, "the signing secret, whsec_ followed by the base64 of 24 to 64 random bytes.")];

    public override int MaxBatchSize => 50;

    protected override void Check(WebhookSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors)
    {
        errors.Url("settings.url", settings.Url, options.Value.AllowInsecureHttp);
        if (givenSecrets.TryGetValue(SigningSecret, out var secret) && !IsWellFormed(secret))
        {
            errors.Add($"secrets.{SigningSecret}", "Must be whsec_ followed by the base64 of 24 to 64 random bytes.");
        }
    }

    protected override async Task<SendOutcome> SendAsync(WebhookSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.Url!);
        var client = http.CreateClient(HttpAnswers.ClientName);
        var answer = "";
        for (var i = 0; i < events.Count; i++)
        {
            var body = Body(events[i]);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            Sign(request.Headers, target, events[i].EventId.ToString(), body);
            SendOutcome outcome;
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                outcome = HttpAnswers.Classify(response, 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                outcome = HttpAnswers.FromException(e, url);
            }
            if (outcome.Failure is { } failure)
            {
                return outcome with { Delivered = i, Failure = failure };
            }
            answer = outcome.Answer;
        }
        return SendOutcome.AllDelivered(events.Count, answer);
    }

    public static string Body(DeliveryEvent e) => new JsonObject
    {
        ["type"] = e.Test ? "finding.test" : $"finding.{e.Transition}",
        ["timestamp"] = e.OccurredAt.UtcDateTime.ToString("O"),
        ["data"] = OcsfDetectionFinding.Map(e),
    }.ToJsonString();

    private void Sign(HttpRequestHeaders headers, DestinationTarget target, string id, string body)
    {
        var now = clock.GetUtcNow();
        var secrets = new[] { target.Secret(SigningSecret), target.PreviousSecret(SigningSecret) }.OfType<string>();
        headers.Add("webhook-id", id);
        headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.Add("webhook-signature", string.Join(' ', secrets.Select(s => new StandardWebhook(s).Sign(id, now, body))));
    }

    private static bool IsWellFormed(string secret)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }
        var bytes = new byte[96];
        return Convert.TryFromBase64String(secret["whsec_".Length..], bytes, out var length) && length is >= 24 and <= 64;
    }
}
