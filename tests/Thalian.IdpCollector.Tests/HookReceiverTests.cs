using System.Text;
using Microsoft.AspNetCore.Http;
using Thalian.IdpCollector.ReadingDirectories.Entra;

namespace Thalian.IdpCollector.Tests;

/// <summary>Graph notifications as the receiver reads them: verified only with the clientState on every item, hints only for changes.</summary>
public sealed class Graph_notifications
{
    private const string Secret = "the-client-state";
    private const string Ivan = "e1000000-0000-0000-0000-00000000a1a0";
    private static readonly EntraHookReceiver Receiver = new();

    private static string Change(string? clientState, string? id = "n-1", string user = Ivan) => new System.Text.Json.Nodes.JsonObject
    {
        ["id"] = id, ["subscriptionId"] = "s-1", ["clientState"] = clientState, ["changeType"] = "updated", ["resource"] = $"Users/{user}",
        ["resourceData"] = new System.Text.Json.Nodes.JsonObject { ["id"] = user },
    }.ToJsonString();

    private static IReadOnlyList<Realtime.HookHint>? Read(params string[] items) =>
        Receiver.Read(new DefaultHttpContext().Request, Encoding.UTF8.GetBytes($$"""{"value":[{{string.Join(',', items)}}]}"""), Secret);

    [Fact]
    public void A_change_with_the_client_state_names_the_user_to_re_read()
    {
        var hint = Assert.Single(Read(Change(Secret))!);
        Assert.Equal((Ivan, "n-1", "graph.updated"), (hint.ExternalId, hint.EventId, hint.EventType));
    }

    [Fact]
    public void One_item_without_the_client_state_makes_the_whole_delivery_unverified()
    {
        Assert.Null(Read(Change(Secret), Change("guessed")));
        Assert.Null(Read(Change(null)));
    }

    [Fact]
    public void Without_a_notification_id_the_item_itself_identifies_the_delivery()
    {
        var first = Assert.Single(Read(Change(Secret, id: null))!);
        var again = Assert.Single(Read(Change(Secret, id: null))!);
        var other = Assert.Single(Read(Change(Secret, id: null, user: "e1000000-0000-0000-0000-0000000021fa"))!);
        Assert.Equal(first.EventId, again.EventId);
        Assert.NotEqual(first.EventId, other.EventId);
    }

    [Fact]
    public void A_lifecycle_notification_is_verified_and_names_nobody()
    {
        Assert.Empty(Read($$"""{"subscriptionId":"s-1","clientState":"{{Secret}}","lifecycleEvent":"reauthorizationRequired"}""")!);
        Assert.Null(Read("""{"subscriptionId":"s-1","clientState":"x","lifecycleEvent":"missed"}"""));
    }

    [Fact]
    public void A_resource_that_is_not_an_entra_object_id_is_ignored_and_an_unreadable_body_is_an_error()
    {
        Assert.Empty(Read(Change(Secret, user: "../../etc"))!);
        Assert.Throws<FormatException>(() => Receiver.Read(new DefaultHttpContext().Request, "{\"value\":"u8, Secret));
        Assert.Throws<FormatException>(() => Receiver.Read(new DefaultHttpContext().Request, "{}"u8, Secret));
    }

    [Fact]
    public void The_validation_handshake_echoes_the_token_and_nothing_else_is_a_handshake()
    {
        var request = new DefaultHttpContext().Request;
        Assert.Null(Receiver.Handshake(request, Secret));
        request.QueryString = new QueryString("?validationToken=" + Uri.EscapeDataString("a b&c"));
        var answer = Assert.IsAssignableFrom<Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult>(Receiver.Handshake(request, Secret));
        Assert.Equal(("a b&c", "text/plain"), (answer.ResponseContent, answer.ContentType));
    }
}
