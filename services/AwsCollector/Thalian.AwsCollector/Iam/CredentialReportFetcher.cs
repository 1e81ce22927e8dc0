using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Iam;

/// <summary>
/// Generate → poll → get, until a report is served or the timeout passes. ReportNotPresent / ReportExpired /
/// ReportInProgress all mean "generate (again) and wait".
/// </summary>
public sealed class CredentialReportFetcher(IamClient iam, IOptions<AwsCollectorOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> NotReady = ["ReportNotPresent", "ReportExpired", "ReportInProgress"];

    public async Task<CredentialReport> FetchAsync(AwsTarget target, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.CredentialReportTimeout;
        var delay = options.Value.CredentialReportPollInterval;
        var generated = false;
        while (true)
        {
            if (!generated)
            {
                generated = await GenerateUntilCompleteAsync(target, deadline, ct);
            }
            try
            {
                return await iam.GetCredentialReportAsync(target, ct);
            }
            catch (AwsApiException e) when (NotReady.Contains(e.Code))
            {
                generated = e.Code == "ReportInProgress";
                ThrowIfPast(deadline, e.Code);
                await Task.Delay(delay, time, ct);
            }
        }
    }

    private async Task<bool> GenerateUntilCompleteAsync(AwsTarget target, DateTimeOffset deadline, CancellationToken ct)
    {
        while (true)
        {
            var state = await iam.GenerateCredentialReportAsync(target, ct);
            if (state == "COMPLETE")
            {
                return true;
            }
            ThrowIfPast(deadline, state);
            await Task.Delay(options.Value.CredentialReportPollInterval, time, ct);
        }
    }

    private void ThrowIfPast(DateTimeOffset deadline, string lastState)
    {
        if (time.GetUtcNow() > deadline)
        {
            throw new TimeoutException(
                $"The IAM credential report was not ready within {options.Value.CredentialReportTimeout.TotalSeconds:0} s (last state: {lastState}).");
        }
    }
}
