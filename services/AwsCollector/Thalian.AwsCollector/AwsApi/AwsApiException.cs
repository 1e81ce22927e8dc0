using System.Net;

namespace Thalian.AwsCollector.AwsApi;

/// <summary>An error answer from an AWS API, with the action it answered (e.g. "iam:GetAccountSummary").</summary>
public sealed class AwsApiException(string action, string code, string message, HttpStatusCode status)
    : Exception($"{action} failed: {code}: {message}")
{
    public string Action { get; } = action;
    public string Code { get; } = code;
    public string AwsMessage { get; } = message;
    public HttpStatusCode Status { get; } = status;

    public bool IsAccessDenied => Code is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "UnauthorizedAccess";
}

/// <summary>An AWS answer that could not be parsed (broken XML/JSON/CSV): recorded, never treated as empty.</summary>
public sealed class AwsMalformedResponseException(string action, string detail, Exception? inner = null)
    : Exception($"{action} returned a response that could not be parsed: {detail}", inner)
{
    public string Action { get; } = action;
}
