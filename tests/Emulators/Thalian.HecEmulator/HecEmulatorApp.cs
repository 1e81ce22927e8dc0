using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Thalian.HecEmulator;

/// <summary>
/// A Splunk HTTP Event Collector receiver: the /services/collector/event and /ack endpoints with HEC's token,
/// channel, validation and answer rules, plus /_emulator endpoints for tests to read what was indexed and flip faults.
/// </summary>
public static class HecEmulatorApp
{
    private const string ChannelHeader = "X-Splunk-Request-Channel";

    public static WebApplication Create(string[] args, HecSettings? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new HecState(settings ?? HecSettings.From(builder.Configuration)));
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();

        app.MapPost("/services/collector/event", ReceiveAsync);
        app.MapPost("/services/collector/event/1.0", ReceiveAsync);
        app.MapPost("/services/collector", ReceiveAsync);
        app.MapPost("/services/collector/ack", AcknowledgeAsync);
        app.MapGet("/services/collector/health", () => HecReply.Healthy.ToResult());

        app.MapGet("/_emulator/events", (HecState state) => state.Indexed);
        app.MapGet("/_emulator/requests", (HecState state) => state.Served);
        app.MapPut("/_emulator/faults", (HecFaults faults, HecState state) => { state.SetFaults(faults); return Results.NoContent(); });
        app.MapPut("/_emulator/settings", (HecSettings value, HecState state) => { state.Configure(value); return Results.NoContent(); });
        app.MapDelete("/_emulator/events", (HecState state) => { state.Clear(); return Results.NoContent(); });
        return app;
    }

    /// <summary>Starts a receiver on a free loopback port for a test.</summary>
    public static async Task<RunningHecEmulator> StartAsync(HecSettings settings)
    {
        var app = Create([], settings);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHecEmulator(app, new Uri(address + "/"), app.Services.GetRequiredService<HecState>());
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, HecState state, TimeProvider time)
    {
        var settings = state.Settings;
        var (reply, channel) = Admit(request, settings);
        var events = 0;
        if (reply is null && state.TakeBusy())
        {
            reply = HecReply.ServerBusy with { Status = state.Faults.BusyStatus };
        }
        if (reply is null)
        {
            var body = await ReadBodyAsync(request);
            var (parsed, error) = HecEvents.Parse(body, settings, channel, time.GetUtcNow());
            // HEC indexes the events before the first invalid one and reports its number.
            var ackId = parsed.Count > 0 ? state.Accept(parsed, settings.AcknowledgementEnabled ? channel : null) : null;
            events = parsed.Count;
            reply = error ?? HecReply.Success with { AckId = ackId };
        }
        state.Record(new ServedRequest(request.Path, reply.Status, reply.Code, events, channel, time.GetUtcNow()));
        return reply.ToResult();
    }

    private static async Task<IResult> AcknowledgeAsync(HttpRequest request, HecState state, TimeProvider time)
    {
        var settings = state.Settings;
        var (reply, channel) = Admit(request, settings);
        if (reply is null && !settings.AcknowledgementEnabled)
        {
            reply = HecReply.AckDisabled;
        }
        AckQuery? query = null;
        if (reply is null)
        {
            try
            {
                query = await JsonSerializer.DeserializeAsync<AckQuery>(request.Body, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
            }
            reply = query?.Acks is null ? HecReply.InvalidDataFormat : null;
        }
        state.Record(new ServedRequest(request.Path, reply?.Status ?? 200, reply?.Code ?? 0, 0, channel, time.GetUtcNow()));
        return reply?.ToResult() ?? Results.Json(new { acks = state.Query(channel!, query!.Acks!) });
    }

    /// <summary>Token first (401 missing or malformed, 403 wrong or disabled), then the channel: required when acks are on, a GUID when given.</summary>
    private static (HecReply? Reply, string? Channel) Admit(HttpRequest request, HecSettings settings)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (HecReply.TokenRequired, null);
        }
        const string scheme = "Splunk ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            return (HecReply.InvalidAuthorization, null);
        }
        if (!string.Equals(header[scheme.Length..].Trim(), settings.Token, StringComparison.Ordinal))
        {
            return (HecReply.InvalidToken, null);
        }
        if (settings.TokenDisabled)
        {
            return (HecReply.TokenDisabled, null);
        }
        var channel = request.Headers[ChannelHeader].FirstOrDefault() ?? request.Query["channel"].FirstOrDefault();
        if (string.IsNullOrEmpty(channel))
        {
            return (settings.AcknowledgementEnabled ? HecReply.ChannelMissing : null, null);
        }
        return Guid.TryParse(channel, out _) ? (null, channel) : (HecReply.InvalidChannel, channel);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var source = request.Headers.ContentEncoding.ToString().Equals("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        await using (source)
        {
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    private sealed record AckQuery(IReadOnlyList<long>? Acks);
}

public sealed record RunningHecEmulator(WebApplication App, Uri Url, HecState State) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
