using System.Security;

namespace Thalian.AwsEmulator.Protocol;

/// <summary>An error answer in the shape of the protocol that is being spoken.</summary>
public sealed record AwsFault(string Code, string Message, int Status)
{
    public IResult ToQueryXml(string xmlNamespace) => Results.Content(
        $"<ErrorResponse xmlns=\"{xmlNamespace}\"><Error><Type>Sender</Type><Code>{SecurityElement.Escape(Code)}</Code>" +
        $"<Message>{SecurityElement.Escape(Message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>",
        "text/xml", statusCode: Status);

    public IResult ToJson() => Results.Json(new Dictionary<string, string> { ["__type"] = Code, ["message"] = Message }, statusCode: Status,
        contentType: "application/x-amz-json-1.1");
}
