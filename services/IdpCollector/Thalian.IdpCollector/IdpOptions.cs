namespace Thalian.IdpCollector;

/// <summary>Settings under <c>Thalian:Idp</c>.</summary>
public sealed class IdpOptions
{
    /// <summary>How often every connection is synced.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How soon a sync that ended incomplete (the IdP failed, the collector was interrupted) is tried again.</summary>
    public TimeSpan FailedSyncRetryInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the scheduler looks for due connections.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Observations per published message.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Accept non-vendor hosts for vendor endpoints (emulators, tests, demo). Off in production: SSRF.</summary>
    public bool AllowCustomEndpoints { get; set; }

    /// <summary>A PEM certificate trusted as a server certificate in addition to the system store (the emulator's).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>First back-off step for transient failures (5xx, network) without a vendor delay.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of one request before the page counts as failed.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The longest vendor-announced throttle wait honoured; a longer one fails the sync.</summary>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The https address vendors reach Thalian's gateway at; push hooks are registered under it (<c>/hooks/{connectionId}</c>).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How often the change feed (System Log, ...) of each connection with real time on is read.</summary>
    public TimeSpan ChangeFeedInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often hooks that expire (Graph subscriptions) are checked for renewal.</summary>
    public TimeSpan HookRenewalInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A hook expiring within this window is renewed (Graph allows under 29 days; renewing days ahead survives an outage).</summary>
    public TimeSpan HookRenewBefore { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
