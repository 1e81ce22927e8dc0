namespace Thalian.AwsCollector.AwsApi;

/// <summary>Configuration section <c>Thalian:Aws</c>.</summary>
public sealed class AwsCollectorOptions
{
    public const string Section = "Thalian:Aws";

    /// <summary>One URL for IAM, STS, CloudTrail and Organizations (moto, the emulator). Unset = real AWS endpoints.</summary>
    public string? EndpointOverride { get; set; }

    /// <summary>Self-hosted: allow connections that use the default AWS credential chain instead of stored keys.</summary>
    public bool AllowAmbientCredentials { get; set; }

    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How soon a sync that ended incomplete (throttled, interrupted, unreachable) is tried again.</summary>
    public TimeSpan FailedSyncRetryInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the scheduler looks for connections that are due.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>MaxItems on paged IAM calls (1-1000).</summary>
    public int PageSize { get; set; } = 1000;

    public TimeSpan CredentialReportPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan CredentialReportTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int RetryAttempts { get; set; } = 8;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Regions searched for root activity besides us-east-1 (where global events land).</summary>
    public string[] CloudTrailRegions { get; set; } = [];

    public int CloudTrailRequestsPerSecond { get; set; } = 2;

    public int RootActivityWindowDays { get; set; } = 90;

    /// <summary>A sync requested this long ago without finishing is treated as lost and no longer counts as in flight.</summary>
    public TimeSpan SyncRunTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often connected organisations are listed again (new, suspended and departed accounts).</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Identities per observation message.</summary>
    public int BatchSize { get; set; } = 200;

    public Uri? EndpointOverrideUri => string.IsNullOrWhiteSpace(EndpointOverride) ? null : new Uri(EndpointOverride);
}
