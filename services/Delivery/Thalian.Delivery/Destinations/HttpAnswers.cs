using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Thalian.Delivery.Destinations;

/// <summary>
/// How an HTTP receiver's answer classifies, the same for every HTTP destination: 2xx delivered; 408, 429, 5xx
/// transient (Retry-After honoured); 401/403 and other 4xx permanent (the request itself is refused, retrying
/// the same request cannot help); 410 gone; 3xx failure (redirects are not followed: a receiver moved is a setting).
/// </summary>
public static class HttpAnswers
{
    public const string ClientName = "delivery";

    public static SendOutcome Classify(HttpResponseMessage response, int count, string? detail = null)
    {
        var code = (int)response.StatusCode;
        var answer = $"HTTP {code}" + (detail is null ? "" : $": {detail}");
        if (response.IsSuccessStatusCode)
        {
            return SendOutcome.AllDelivered(count, answer);
        }
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                SendOutcome.Failed(0, FailureKind.Permanent, $"The receiver rejected the credentials ({answer}); update the destination's secrets."),
            HttpStatusCode.Gone =>
                SendOutcome.Failed(0, FailureKind.Gone, $"The receiver answered {answer} (Gone): it no longer accepts deliveries, so the destination is disabled until its settings change."),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError =>
                SendOutcome.Failed(0, FailureKind.Transient, $"The receiver is unavailable or throttling ({answer}).", RetryAfter(response)),
            >= HttpStatusCode.BadRequest =>
                SendOutcome.Failed(0, FailureKind.Permanent, $"The receiver refused the request ({answer}); check the destination's settings."),
            _ => SendOutcome.Failed(0, FailureKind.Permanent, $"The receiver answered {answer} (a redirect); set the final URL."),
        };
    }

    /// <summary>A failed exchange: TLS certificate problems are permanent, everything else (refused, reset, timeout) transient.</summary>
    public static SendOutcome FromException(Exception e, Uri url) => e switch
    {
        HttpRequestException { InnerException: AuthenticationException tls } =>
            SendOutcome.Failed(0, FailureKind.Permanent, $"TLS with {url.Host} failed: {CertificateProblem(tls)}"),
        HttpRequestException { InnerException: SocketException socket } =>
            SendOutcome.Failed(0, FailureKind.Transient, $"Could not connect to {url.Host}:{url.Port} ({socket.SocketErrorCode})."),
        HttpRequestException http => SendOutcome.Failed(0, FailureKind.Transient, $"The request to {url.Host} failed: {http.Message}"),
        TaskCanceledException or TimeoutException => SendOutcome.Failed(0, FailureKind.Transient, $"{url.Host} did not answer in time."),
        _ => SendOutcome.Failed(0, FailureKind.Transient, $"The request to {url.Host} failed: {e.Message}"),
    };

    private static string CertificateProblem(AuthenticationException e) =>
        e.Message.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal)
            ? "the receiver's certificate is not valid for this host name."
            : e.Message.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal)
                ? "the receiver's certificate is not trusted."
                : e.Message;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
