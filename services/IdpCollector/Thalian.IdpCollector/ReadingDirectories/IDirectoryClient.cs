using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>One vendor directory, read with the connection's credentials.</summary>
public interface IDirectoryClient : IDisposable
{
    /// <summary>One real authenticated call (token and a one-account page) proving the credentials can list users.</summary>
    Task VerifyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every account of every pass (including the vendor's hidden deprovisioned/deleted population), normalised.
    /// Throws <see cref="DirectoryException"/> when any page fails: the caller must not treat what it saw as the directory.
    /// </summary>
    IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync(CancellationToken cancellationToken);
}

/// <summary>A directory that can re-read one account and register a push hook (the vendors with real time).</summary>
public interface IRealtimeDirectory : IDirectoryClient
{
    /// <summary>The account's current state, or null when the vendor answers that it does not exist.</summary>
    Task<IdpAccountObservation?> ReadAccountAsync(string externalId, CancellationToken cancellationToken);

    /// <summary>Registers (and verifies) a hook that posts to <paramref name="url"/> with <paramref name="secret"/>.</summary>
    Task<HookRegistration> RegisterHookAsync(Uri url, string secret, CancellationToken cancellationToken);

    /// <summary>Extends a hook that expires; returns its new expiry (null: this vendor's hooks never expire).</summary>
    Task<DateTimeOffset?> RenewHookAsync(string hookId, CancellationToken cancellationToken);

    /// <summary>Removes the hook; one the vendor no longer knows counts as removed.</summary>
    Task RemoveHookAsync(string hookId, CancellationToken cancellationToken);

    /// <summary>
    /// The vendor's change log from <paramref name="position"/> (a position this method returned), or from
    /// <paramref name="since"/> when there is none yet: the events worth a re-read, and the position after them.
    /// </summary>
    Task<ChangePage> ReadChangesAsync(string? position, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>The vendor's id of a registered hook, and when it expires unless renewed (null: never).</summary>
public sealed record HookRegistration(string Id, DateTimeOffset? ExpiresAt);

/// <summary>One read of a change feed: its events (as hook hints) and where the next read starts.</summary>
public sealed record ChangePage(IReadOnlyList<Realtime.HookHint> Events, string Position);

public enum DirectoryFailure { Credentials, Permission, Unreachable, Throttled, Protocol }

/// <summary>A directory call that failed for good, with a message a user can act on.</summary>
public sealed class DirectoryException(DirectoryFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public DirectoryFailure Failure { get; } = failure;
}

/// <summary>Requests and throttled responses of one sync (for the counts and the benchmark).</summary>
public sealed class RequestStats
{
    private int requests;
    private int throttled;
    public int Requests => requests;
    public int Throttled => throttled;
    public void CountRequest() => Interlocked.Increment(ref requests);
    public void CountThrottled() => Interlocked.Increment(ref throttled);
}
