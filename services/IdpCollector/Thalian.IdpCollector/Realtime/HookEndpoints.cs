using Marten;
using JasperFx;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.IdpCollector.Realtime;

/// <summary>
/// <c>/hooks/{connectionId}</c>: public (the vendor has no API key), so every request proves itself with the hook's secret
/// before anything is read from it. A delivery is only a hint: it queues a re-read of the accounts it names.
/// </summary>
public static partial class HookEndpoints
{
    public const int MaxBodyBytes = 256 * 1024;

    public static void MapHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/hooks").AllowAnonymous().WithTags("Real-time hooks");
        hooks.MapGet("/{connectionId:guid}", HandshakeAsync).WithSummary("The vendor's hook verification (Okta's challenge, Graph's validationToken)")
            .Produces<HandshakeAnswer>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        hooks.MapPost("/{connectionId:guid}", ReceiveAsync).WithSummary("A vendor event delivery (or Graph's validation, which is a POST); answered at once, acted on through the outbox")
            .Produces<HookReceipt>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<IResult> HandshakeAsync(Guid connectionId, HttpRequest request, IDocumentStore store, ISecretProtector protector,
        ILogger<RealtimeSubscription> logger, CancellationToken ct)
    {
        if (await FindAsync(store, connectionId, ct) is not { } found)
        {
            return NoHook();
        }
        if (found.Receiver.Handshake(request, protector.Unprotect(found.Subscription.ProtectedSecret)) is { } answer)
        {
            return answer;
        }
        Rejected(logger, connectionId, "handshake");
        return Unverified();
    }

    private static async Task<IResult> ReceiveAsync(Guid connectionId, HttpRequest request, IDocumentStore store, ISecretProtector protector,
        TimeProvider time, ILogger<RealtimeSubscription> logger, CancellationToken ct)
    {
        if (await FindAsync(store, connectionId, ct) is not { } found)
        {
            return NoHook();
        }
        var secret = protector.Unprotect(found.Subscription.ProtectedSecret);
        if (found.Receiver.Handshake(request, secret) is { } answer)
        {
            return answer;
        }
        if (await ReadBodyAsync(request, ct) is not { } body)
        {
            return Results.Problem($"Hook bodies are limited to {MaxBodyBytes} bytes.", statusCode: 413, title: "Request too large");
        }
        IReadOnlyList<HookHint>? hints;
        try
        {
            hints = found.Receiver.Read(request, body, secret);
        }
        catch (FormatException ex)
        {
            return Results.Problem(ex.Message, statusCode: 400, title: "Unreadable hook");
        }
        if (hints is null)
        {
            Rejected(logger, connectionId, "delivery");
            return Unverified();
        }
        var subscription = found.Subscription;
        await using var session = store.LightweightSession(subscription.TenantId!);
        var outcome = await HintIntake.RecordAsync(session, subscription, hints, "hook", time.GetUtcNow(), ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException)
        {
            // The same delivery, concurrently: the other request queued the re-read.
            return Results.Ok(new HookReceipt(0, outcome.Fresh + outcome.Duplicates));
        }
        return Results.Ok(new HookReceipt(outcome.Fresh, outcome.Duplicates));
    }

    public sealed record HookReceipt(int Accepted, int Duplicates);

    /// <summary>Okta's verification answer: the challenge, echoed.</summary>
    public sealed record HandshakeAnswer(string Verification);

    /// <summary>The hook is found by its connection id alone (the vendor knows no tenant); the subscription says whose it is.</summary>
    private static async Task<(RealtimeSubscription Subscription, IHookReceiver Receiver)?> FindAsync(IDocumentStore store, Guid connectionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var subscription = await query.Query<RealtimeSubscription>().Where(s => s.AnyTenant() && s.Id == connectionId).SingleOrDefaultAsync(ct);
        return subscription is { TenantId: not null, Status: not RealtimeStatus.Failed } && HookReceivers.For(subscription.Provider) is { } receiver
            ? (subscription, receiver)
            : null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult NoHook() => Results.Problem("No real-time hook is registered at this address.", statusCode: 404, title: "Not found");

    private static IResult Unverified() => Results.Problem("The request did not carry this hook's secret.", statusCode: 401, title: "Unverified hook");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an unverified hook {Kind} for connection {ConnectionId}")]
    private static partial void Rejected(ILogger logger, Guid connectionId, string kind);
}
