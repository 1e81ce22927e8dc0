using Microsoft.AspNetCore.Http.HttpResults;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>Asks STS who these credentials are before anything is stored; failures become problem responses.</summary>
public sealed class CredentialCheck(AwsTargets targets, ILogger<CredentialCheck> logger)
{
    public sealed record Outcome(CallerIdentity? Caller, ProblemHttpResult? Problem);

    public sealed record Outcome<T>(CallerIdentity? Caller, T? Result, ProblemHttpResult? Problem);

    public async Task<Outcome> VerifyAsync(ValidatedCredentials credentials, bool sandbox, CancellationToken ct)
    {
        var outcome = await VerifyAsync(credentials, sandbox, (_, _) => Task.FromResult(true), ct);
        return new Outcome(outcome.Caller, outcome.Problem);
    }

    /// <summary>STS first, then <paramref name="more"/> with the same target; any AWS refusal becomes the same kind of problem.</summary>
    public async Task<Outcome<T>> VerifyAsync<T>(ValidatedCredentials credentials, bool sandbox, Func<AwsTarget, CallerIdentity, Task<T>> more, CancellationToken ct)
    {
        try
        {
            var (target, caller) = await targets.ResolveAsync(new ConnectionCredentials(credentials.AccessKeyId, credentials.SecretAccessKey,
                credentials.Ambient, credentials.Region, credentials.RoleArn, credentials.ExternalId, sandbox), ct);
            return new Outcome<T>(caller, await more(target, caller), null);
        }
        catch (AwsApiException e) when (!AwsThrottling.IsThrottle(e.Code) && (int)e.Status < 500)
        {
            logger.LogInformation("AWS refused the credentials offered for a connection: {Code} from {Action}", e.Code, e.Action);
            var title = e.IsAccessDenied ? "AWS denied access" : "AWS rejected the credentials";
            return new Outcome<T>(null, default, TypedResults.Problem(AwsProblems.Describe(e), statusCode: StatusCodes.Status422UnprocessableEntity, title: title,
                extensions: new Dictionary<string, object?> { ["awsErrorCode"] = e.Code, ["awsAction"] = e.Action }));
        }
        catch (Exception e) when (e is AwsApiException or AwsMalformedResponseException or HttpRequestException or Amazon.Runtime.AmazonClientException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("AWS could not be asked about the credentials offered for a connection: {Error}", e.GetType().Name);
            return new Outcome<T>(null, default, TypedResults.Problem(AwsProblems.Describe(e), statusCode: StatusCodes.Status502BadGateway, title: "AWS could not be reached"));
        }
    }
}
