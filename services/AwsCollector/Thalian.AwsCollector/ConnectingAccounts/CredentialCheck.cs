using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>Asks STS who these credentials are before anything is stored; failures become problem responses.</summary>
public sealed class CredentialCheck(AwsTargets targets, ILogger<CredentialCheck> logger)
{
    public sealed record Outcome(CallerIdentity? Caller, IResult? Problem);

    public async Task<Outcome> VerifyAsync(ValidatedCredentials credentials, bool sandbox, CancellationToken ct)
    {
        try
        {
            var (_, caller) = await targets.ResolveAsync(new ConnectionCredentials(credentials.AccessKeyId, credentials.SecretAccessKey,
                credentials.Ambient, credentials.Region, credentials.RoleArn, credentials.ExternalId, sandbox), ct);
            return new Outcome(caller, null);
        }
        catch (AwsApiException e) when (!AwsThrottling.IsThrottle(e.Code) && (int)e.Status < 500)
        {
            logger.LogInformation("AWS refused the credentials offered for a connection: {Code} from {Action}", e.Code, e.Action);
            var title = e.IsAccessDenied ? "AWS denied access" : "AWS rejected the credentials";
            return new Outcome(null, Results.Problem(AwsProblems.Describe(e), statusCode: StatusCodes.Status422UnprocessableEntity, title: title,
                extensions: new Dictionary<string, object?> { ["awsErrorCode"] = e.Code, ["awsAction"] = e.Action }));
        }
        catch (Exception e) when (e is AwsApiException or HttpRequestException or Amazon.Runtime.AmazonClientException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("AWS could not be asked about the credentials offered for a connection: {Error}", e.GetType().Name);
            return new Outcome(null, Results.Problem(AwsProblems.Describe(e), statusCode: StatusCodes.Status502BadGateway, title: "AWS could not be reached"));
        }
    }
}
