using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Thalian.HecEmulator;

namespace Thalian.Delivery.Tests.HecEmulator;

/// <summary>The HEC emulator keeps the documented HEC rules, so a client that passes against it meets real Splunk's.</summary>
public sealed class HecEmulatorTests : IAsyncLifetime
{
    private const string Token = "2f1c3a8e-6d0b-4c55-9b1e-7a0d5e2c9f10";
    private RunningHecEmulator hec = null!;
    private readonly HttpClient http = new();

    public async Task InitializeAsync() => hec = await HecEmulatorApp.StartAsync(new HecSettings { Token = Token, Indexes = ["main", "security"] });

    public async Task DisposeAsync()
    {
        http.Dispose();
        await hec.DisposeAsync();
    }

    [Fact]
    public async Task Concatenated_events_are_indexed_with_their_metadata_and_fractional_times()
    {
        var body = """
            {"time": 1767261600.125, "host": "thalian", "source": "thalian:findings", "sourcetype": "thalian:ocsf", "index": "security", "event": {"uid": "a"}}
            {"time": "1767261601.5", "event": "plain text", "fields": {"tenant": "t1", "rule": ["r1", "r2"]}}
            """;
        var (status, reply) = await PostAsync("services/collector/event", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, reply.GetProperty("code").GetInt32());
        Assert.Equal("Success", reply.GetProperty("text").GetString());
        Assert.False(reply.TryGetProperty("ackId", out _));
        var events = hec.State.Indexed;
        Assert.Equal(2, events.Count);
        Assert.Equal(("security", "thalian", "thalian:findings", "thalian:ocsf"), (events[0].Index, events[0].Host, events[0].Source, events[0].Sourcetype));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767261600125), events[0].Time);
        Assert.Equal("a", events[0].Event.GetProperty("uid").GetString());
        Assert.Equal("main", events[1].Index);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767261601500), events[1].Time);
        Assert.Equal("t1", events[1].Fields["tenant"].GetString());
    }

    [Theory]
    [InlineData(null, 401, 2, "Token is required")]
    [InlineData("Bearer " + Token, 401, 3, "Invalid authorization")]
    [InlineData("Splunk wrong-token", 403, 4, "Invalid token")]
    public async Task Missing_malformed_or_wrong_tokens_get_the_documented_answers(string? authorization, int status, int code, string text)
    {
        var (actual, reply) = await PostAsync("services/collector/event", """{"event": "x"}""", authorization);

        Assert.Equal(status, (int)actual);
        Assert.Equal(code, reply.GetProperty("code").GetInt32());
        Assert.Equal(text, reply.GetProperty("text").GetString());
        Assert.Empty(hec.State.Indexed);
    }

    [Fact]
    public async Task A_disabled_token_is_refused_with_code_1()
    {
        hec.State.Configure(hec.State.Settings with { TokenDisabled = true });

        var (status, reply) = await PostAsync("services/collector/event", """{"event": "x"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(1, reply.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("", 5, null)]
    [InlineData("""{"event": "ok"} {"host": "h"}""", 12, 1)]
    [InlineData("""{"event": ""}""", 13, 0)]
    [InlineData("""{"event": null}""", 13, 0)]
    [InlineData("""{"event": "ok"} {"event": "x", "index": "unknown"}""", 7, 1)]
    [InlineData("""{"event": "x", "time": 1767261600123}""", 6, 0)]
    [InlineData("""{"event": "x", "time": "yesterday"}""", 6, 0)]
    [InlineData("""{"event": "x", "fields": {"nested": {"a": 1}}}""", 6, 0)]
    [InlineData("""{"event": "ok"} {"event": """, 6, 1)]
    [InlineData("""["not", "an", "object"]""", 6, 0)]
    public async Task Bad_events_get_400_with_their_code_and_number(string body, int code, int? invalidEventNumber)
    {
        var (status, reply) = await PostAsync("services/collector/event", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, reply.GetProperty("code").GetInt32());
        Assert.Equal(invalidEventNumber, reply.TryGetProperty("invalid-event-number", out var number) ? number.GetInt32() : null);
        // As HEC does, the events before the refused one are indexed.
        Assert.Equal(invalidEventNumber ?? 0, hec.State.Indexed.Count);
    }

    [Fact]
    public async Task The_busy_switch_answers_code_9_with_503_then_lets_requests_through()
    {
        hec.State.SetFaults(new HecFaults { Busy = 2 });

        var first = await PostAsync("services/collector/event", """{"event": "x"}""");
        var second = await PostAsync("services/collector/event", """{"event": "x"}""");
        var third = await PostAsync("services/collector/event", """{"event": "x"}""");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, 9), (first.Status, first.Reply.GetProperty("code").GetInt32()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Single(hec.State.Indexed);
    }

    [Fact]
    public async Task The_busy_switch_can_answer_429()
    {
        hec.State.SetFaults(new HecFaults { Busy = -1, BusyStatus = 429 });

        var (status, reply) = await PostAsync("services/collector/event", """{"event": "x"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(9, reply.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task With_acknowledgement_on_a_channel_is_required_and_must_be_a_guid()
    {
        hec.State.Configure(hec.State.Settings with { AcknowledgementEnabled = true });

        var missing = await PostAsync("services/collector/event", """{"event": "x"}""");
        var invalid = await PostAsync("services/collector/event", """{"event": "x"}""", channel: "not-a-guid");

        Assert.Equal((HttpStatusCode.BadRequest, 10), (missing.Status, missing.Reply.GetProperty("code").GetInt32()));
        Assert.Equal((HttpStatusCode.BadRequest, 11), (invalid.Status, invalid.Reply.GetProperty("code").GetInt32()));
        Assert.Empty(hec.State.Indexed);
    }

    [Fact]
    public async Task Acknowledged_requests_get_an_ack_id_per_channel_that_answers_true_once()
    {
        hec.State.Configure(hec.State.Settings with { AcknowledgementEnabled = true });
        var channel = Guid.NewGuid().ToString();

        var first = await PostAsync("services/collector/event", """{"event": "a"}{"event": "b"}""", channel: channel);
        var second = await PostAsync("services/collector/event", """{"event": "c"}""", channel: channel);
        var acks = await PostAsync("services/collector/ack", """{"acks": [0, 1, 7]}""", channel: channel);
        var again = await PostAsync("services/collector/ack", """{"acks": [0]}""", channel: channel);

        Assert.Equal(0, first.Reply.GetProperty("ackId").GetInt64());
        Assert.Equal(1, second.Reply.GetProperty("ackId").GetInt64());
        Assert.Equal(HttpStatusCode.OK, acks.Status);
        var answered = acks.Reply.GetProperty("acks");
        Assert.True(answered.GetProperty("0").GetBoolean());
        Assert.True(answered.GetProperty("1").GetBoolean());
        Assert.False(answered.GetProperty("7").GetBoolean());
        Assert.False(again.Reply.GetProperty("acks").GetProperty("0").GetBoolean());
        Assert.Equal(3, hec.State.Indexed.Count);
    }

    [Fact]
    public async Task Dropped_acks_lose_the_batch_so_it_must_be_sent_again()
    {
        hec.State.Configure(hec.State.Settings with { AcknowledgementEnabled = true });
        hec.State.SetFaults(new HecFaults { DropAcks = true });
        var channel = Guid.NewGuid().ToString();

        var sent = await PostAsync("services/collector/event", """{"event": "lost"}""", channel: channel);
        var acks = await PostAsync("services/collector/ack", """{"acks": [0]}""", channel: channel);

        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal(0, sent.Reply.GetProperty("ackId").GetInt64());
        Assert.False(acks.Reply.GetProperty("acks").GetProperty("0").GetBoolean());
        Assert.Empty(hec.State.Indexed);

        hec.State.SetFaults(new HecFaults());
        var resent = await PostAsync("services/collector/event", """{"event": "lost"}""", channel: channel);
        var resentAck = resent.Reply.GetProperty("ackId").GetInt64();
        var acked = await PostAsync("services/collector/ack", $$"""{"acks": [{{resentAck}}]}""", channel: channel);
        Assert.True(acked.Reply.GetProperty("acks").GetProperty($"{resentAck}").GetBoolean());
        Assert.Single(hec.State.Indexed);
    }

    [Fact]
    public async Task The_ack_endpoint_says_ack_is_disabled_when_it_is()
    {
        var (status, reply) = await PostAsync("services/collector/ack", """{"acks": [0]}""", channel: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(14, reply.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Tests_read_what_was_indexed_over_http_too()
    {
        await PostAsync("services/collector", """{"event": {"n": 1}, "sourcetype": "thalian:ocsf"}""");

        var events = await http.GetFromJsonAsync<JsonElement>(new Uri(hec.Url, "_emulator/events"));
        var requests = await http.GetFromJsonAsync<JsonElement>(new Uri(hec.Url, "_emulator/requests"));

        Assert.Equal("thalian:ocsf", events[0].GetProperty("sourcetype").GetString());
        Assert.Equal(1, events[0].GetProperty("event").GetProperty("n").GetInt32());
        Assert.Equal(200, requests[0].GetProperty("status").GetInt32());
    }

    private async Task<(HttpStatusCode Status, JsonElement Reply)> PostAsync(string path, string body, string? authorization = "Splunk " + Token, string? channel = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hec.Url, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }
        if (channel is not null)
        {
            request.Headers.Add("X-Splunk-Request-Channel", channel);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
