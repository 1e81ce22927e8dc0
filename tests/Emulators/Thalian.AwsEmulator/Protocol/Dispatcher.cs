using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Thalian.AwsEmulator.CloudTrail;
using Thalian.AwsEmulator.Iam;
using Thalian.AwsEmulator.Organizations;
using Thalian.AwsEmulator.Scenarios;
using Thalian.AwsEmulator.Sts;

namespace Thalian.AwsEmulator.Protocol;

/// <summary>One URL for all three services: verify the signature, pick the service from the signing scope, inject faults, answer.</summary>
public static class Dispatcher
{
    public static async Task<IResult> HandleAsync(HttpRequest request, EmulatorState state, TimeProvider time)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = request.Headers["X-Amz-Target"].ToString();
        var isJson = target.Length > 0;
        var xml = isJson ? null : QueryXml.Iam;
        var (signed, fault) = SignatureVerifier.Verify(request, body, key => state.Find(key) is { } c ? (c.Secret, c.SessionToken) : null);
        if (signed is null)
        {
            return Answer(fault!, isJson, xml);
        }
        var caller = state.Find(signed.AccessKeyId)!;
        var form = isJson ? FormCollection.Empty : new FormReader(Encoding.UTF8.GetString(body)).ReadForm() is var values ? new FormCollection(values) : null!;
        var action = isJson ? target[(target.LastIndexOf('.') + 1)..] : form["Action"].ToString();
        xml = signed.Service == "sts" ? QueryXml.Sts : QueryXml.Iam;
        var now = time.GetUtcNow();
        state.Record(action, caller, signed.Region, now);
        if (state.NextFault(caller.Account, action) is { } injected)
        {
            return Inject(injected, action, isJson, xml, caller.Account, now);
        }
        var organizations = target.StartsWith(OrganizationsActions.TargetPrefix, StringComparison.Ordinal);
        var qualified = $"{(organizations ? "organizations" : isJson ? "cloudtrail" : signed.Service)}:{action}";
        if (caller.Deny.Contains(qualified, StringComparer.OrdinalIgnoreCase) || caller.Deny.Contains("*"))
        {
            var arn = caller.Account.Arn("iam", caller.Principal);
            return Answer(new AwsFault(isJson ? "AccessDeniedException" : "AccessDenied",
                $"User: {arn} is not authorized to perform: {qualified} because no identity-based policy allows the {qualified} action", 403), isJson, xml);
        }
        try
        {
            return organizations ? OrganizationsActions.Handle(action, caller, JsonDocument.Parse(body).RootElement, state)
                : isJson ? LookupEvents.Handle(caller.Account, signed.Region, JsonDocument.Parse(body).RootElement, now)
                : signed.Service == "sts" ? StsActions.Handle(action, caller, form, state, now)
                : IamActions.Handle(action, caller.Account, form, state, now);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Answer(new AwsFault(isJson ? "ValidationException" : "InvalidInput", e.Message, 400), isJson, xml);
        }
    }

    private static IResult Answer(AwsFault fault, bool json, QueryXml? xml) =>
        json ? fault.ToJson() : fault.ToQueryXml((xml ?? QueryXml.Iam).Namespace.NamespaceName);

    private static IResult Inject(FaultSpec fault, string action, bool json, QueryXml xml, AccountSpec account, DateTimeOffset now) => fault.Kind switch
    {
        "throttle" => Answer(new AwsFault(json ? "ThrottlingException" : "Throttling", "Rate exceeded", 400), json, xml),
        "unavailable" => Answer(new AwsFault("ServiceUnavailable", "Service is unavailable.", 503), json, xml),
        "malformed" when json => Results.Text("{\"Events\": [{\"EventId\": \"broken\", \"CloudTrailEvent\": \"{", "application/x-amz-json-1.1"),
        "malformed" when action == "GetCredentialReport" => xml.Ok(action,
            xml.E("Content", Convert.ToBase64String(Encoding.UTF8.GetBytes(CredentialReportCsv.Header + "\nalice,arn:aws:iam::" + account.AccountId + ":user/alice,true\n"))),
            xml.E("ReportFormat", "text/csv"), xml.E("GeneratedTime", RelativeTime.Iso(now))),
        "malformed" => Results.Content($"<{action}Response xmlns=\"{xml.Namespace.NamespaceName}\"><{action}Result><UserDetailList><member><UserName>trunc", "text/xml"),
        _ => Answer(new AwsFault(fault.Code ?? "ServiceFailure", fault.Message ?? "Injected fault.", fault.Status), json, xml),
    };
}
