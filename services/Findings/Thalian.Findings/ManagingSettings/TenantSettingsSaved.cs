namespace Thalian.Findings.ManagingSettings;

/// <summary>Domain event of the tenant's settings stream; the outbox publishes it as TenantSettingsChanged.</summary>
public sealed record TenantSettingsSaved(TenantSettings Settings, DateTimeOffset OccurredAt);
