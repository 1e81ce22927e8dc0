using System.Net;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>Which AWS answers are worth another attempt (botocore's standard retry mode lists these codes).</summary>
public static class AwsThrottling
{
    private static readonly HashSet<string> ThrottleCodes =
    [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
    ];

    public static bool IsThrottle(string code) => ThrottleCodes.Contains(code);

    public static bool IsUnreachable(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError;

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>Looks into a 400 answer's body for a throttling code; the body stays readable afterwards.</summary>
    public static async ValueTask<bool> ShouldRetryAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (IsTransientStatus(response.StatusCode))
        {
            return true;
        }
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        return IsThrottle(AwsErrorBody.Parse("retry", response.StatusCode, body, header).Code);
    }
}
