using System.Net;
using Polly;
using Polly.Retry;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>How one vendor signals throttling: whether a response is a throttle, and the wait it asks for.</summary>
public interface IThrottleSignal
{
    ValueTask<bool> IsThrottledAsync(HttpResponseMessage response);
    TimeSpan? RequestedDelay(HttpResponseMessage response);
}

/// <summary>
/// Sends vendor requests through one retry pipeline (Polly): throttles wait exactly as long as the vendor says,
/// transient failures back off exponentially. What is still failing afterwards is returned to the caller.
/// </summary>
public sealed class VendorRequests
{
    private readonly string vendor;
    private readonly HttpClient http;
    private readonly RequestStats stats;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public VendorRequests(string vendor, HttpClient http, IdpOptions options, RequestStats stats, IThrottleSignal signal)
    {
        this.vendor = vendor;
        this.http = http;
        this.stats = stats;
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            ShouldHandle = async args => args.Outcome.Exception is HttpRequestException or TimeoutException
                || (args.Outcome.Exception is TaskCanceledException && !args.Context.CancellationToken.IsCancellationRequested)
                || (args.Outcome.Result is { } r && (IsTransient(r.StatusCode) || await signal.IsThrottledAsync(r))),
            DelayGenerator = async args =>
            {
                if (args.Outcome.Result is { } r && await signal.IsThrottledAsync(r))
                {
                    stats.CountThrottled();
                    var wait = signal.RequestedDelay(r) ?? Backoff(options.RetryBaseDelay, args.AttemptNumber);
                    return wait > options.MaxThrottleWait ? options.MaxThrottleWait : wait;
                }
                return Backoff(options.RetryBaseDelay, args.AttemptNumber);
            },
        }).Build();
    }

    public async Task<HttpResponseMessage> SendAsync(Func<CancellationToken, Task<HttpRequestMessage>> create, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                using var request = await create(token);
                stats.CountRequest();
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DirectoryException(DirectoryFailure.Unreachable,
                $"Could not reach {vendor}: {ex.Message}", ex);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;

    private static TimeSpan Backoff(TimeSpan baseDelay, int attempt) =>
        TimeSpan.FromMilliseconds(baseDelay.TotalMilliseconds * Math.Pow(2, attempt) * (0.8 + (Random.Shared.NextDouble() * 0.4)));

    /// <summary>
    /// What an error answer may contribute to a message: the vendor's error code and message from a JSON body, short and
    /// sanitised, or the status alone. Never the raw body: a misdirected call must not echo some other server's content.
    /// </summary>
    public static async Task<string> ExcerptAsync(HttpResponseMessage response) =>
        VendorError.Describe(response.StatusCode, await response.Content.ReadAsStringAsync());
}
