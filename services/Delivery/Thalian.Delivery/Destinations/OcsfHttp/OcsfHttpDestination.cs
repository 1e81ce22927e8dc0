using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Thalian.Delivery.Ocsf;

namespace Thalian.Delivery.Destinations.OcsfHttp;

/// <summary>
/// OCSF 1.3 Detection Findings over HTTPS for collectors such as Sentinel, Chronicle or a Security Lake ingester:
/// batches of up to 100 events as NDJSON (<c>application/x-ndjson</c>), authenticated by a bearer token or an HMAC header.
/// </summary>
public sealed class OcsfHttpDestination(IHttpClientFactory http, IOptions<DeliveryOptions> options, TimeProvider clock) : DestinationType<OcsfHttpSettings>
{
    public const string Token = "token";
    public const string HmacSecret = "hmacSecret";
    public const string DefaultSignatureHeader = "X-Thalian-Signature";

    public override string Name => "ocsf-http";

    public override IReadOnlyList<SecretSpec> Secrets { get; } =
    [
        new(Token, false, "the bearer token (auth \"bearer\")."),
        new(HmacSecret, false, "the HMAC-SHA256 key (auth \"hmac\"), at least 32 characters."),
    ];

    protected override void Check(OcsfHttpSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors)
    {
        errors.Url("settings.url", settings.Url, options.Value.AllowInsecureHttp);
        var needed = settings.Auth == OcsfHttpAuth.Bearer ? Token : HmacSecret;
        if (!secretsAfter.Contains(needed))
        {
            errors.Add($"secrets.{needed}", $"Required with auth \"{settings.Auth.ToString().ToLowerInvariant()}\".");
        }
        if (givenSecrets.TryGetValue(HmacSecret, out var key) && key.Length < 32)
        {
            errors.Add($"secrets.{HmacSecret}", "At least 32 characters.");
        }
        if (settings.SignatureHeader is { } header && (header.Length == 0 || !header.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("settings.signatureHeader", "A header name: letters, digits and '-'.");
        }
    }

    protected override async Task<SendOutcome> SendAsync(OcsfHttpSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.Url!);
        var body = string.Concat(events.Select(e => OcsfDetectionFinding.Map(e).ToJsonString() + "\n"));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        if (settings.Auth == OcsfHttpAuth.Bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Secret(Token));
        }
        else
        {
            request.Headers.Add(settings.SignatureHeader ?? DefaultSignatureHeader, Signature(target.Secret(HmacSecret)!, body, clock.GetUtcNow()));
        }
        try
        {
            using var response = await http.CreateClient(HttpAnswers.ClientName).SendAsync(request, cancellationToken);
            return HttpAnswers.Classify(response, events.Count);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HttpAnswers.FromException(e, url);
        }
    }

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 over "{t}.{body}"&gt;</c>: the receiver recomputes it and rejects old timestamps.</summary>
    public static string Signature(string key, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
