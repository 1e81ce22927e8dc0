namespace Thalian.HecEmulator;

/// <summary>The HEC answer body, <c>{"text": ..., "code": N}</c>, with the HTTP status Splunk pairs with each code.</summary>
public sealed record HecReply(int Status, string Text, int Code)
{
    public static readonly HecReply Success = new(200, "Success", 0);
    public static readonly HecReply TokenDisabled = new(403, "Token disabled", 1);
    public static readonly HecReply TokenRequired = new(401, "Token is required", 2);
    public static readonly HecReply InvalidAuthorization = new(401, "Invalid authorization", 3);
    public static readonly HecReply InvalidToken = new(403, "Invalid token", 4);
    public static readonly HecReply NoData = new(400, "No data", 5);
    public static readonly HecReply InvalidDataFormat = new(400, "Invalid data format", 6);
    public static readonly HecReply IncorrectIndex = new(400, "Incorrect index", 7);
    public static readonly HecReply ServerBusy = new(503, "Server is busy", 9);
    public static readonly HecReply ChannelMissing = new(400, "Data channel is missing", 10);
    public static readonly HecReply InvalidChannel = new(400, "Invalid data channel", 11);
    public static readonly HecReply EventRequired = new(400, "Event field is required", 12);
    public static readonly HecReply EventBlank = new(400, "Event field cannot be blank", 13);
    public static readonly HecReply AckDisabled = new(400, "ACK is disabled", 14);
    public static readonly HecReply Healthy = new(200, "HEC is healthy", 17);

    /// <summary>For a batch, the zero-based number of the first event that was refused.</summary>
    public int? InvalidEventNumber { get; init; }

    public long? AckId { get; init; }

    public IResult ToResult()
    {
        var body = new Dictionary<string, object> { ["text"] = Text, ["code"] = Code };
        if (InvalidEventNumber is { } number)
        {
            body["invalid-event-number"] = number;
        }
        if (AckId is { } ackId)
        {
            body["ackId"] = ackId;
        }
        return Results.Json(body, statusCode: Status);
    }
}
