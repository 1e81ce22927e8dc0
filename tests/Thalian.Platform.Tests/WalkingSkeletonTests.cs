using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Findings;
using Thalian.Testing;

namespace Thalian.Platform.Tests;

/// <summary>
/// The path every feature stands on, through real RabbitMQ and PostgreSQL: the AWS collector publishes an
/// observation, correlation appends it to a tenant's stream and publishes a change, findings consumes it.
/// </summary>
public sealed class When_an_observation_crosses_the_platform : IsolatedInfrastructure
{
    private const string Tenant = "skeleton-tenant";
    private const string AccountId = "111122223333";

    [Fact]
    public async Task It_reaches_findings_once_and_a_redelivery_changes_nothing()
    {
        var daemon = new Dictionary<string, string?> { ["Thalian:DaemonMode"] = "Solo" };
        await using var aws = new ServiceFactory<Thalian.AwsCollector.AwsCollectorService>(this, "aws_collector", daemon);
        await using var correlation = new ServiceFactory<Thalian.Correlation.CorrelationService>(this, "correlation", daemon);
        await using var findings = new ServiceFactory<Thalian.Findings.FindingsService>(this, "findings", daemon);
        _ = correlation.Server;
        _ = findings.Server;
        await using var recorder = await MessageRecorder.StartAsync(RabbitMqUri, typeof(IdentitiesSettled), typeof(FindingOpened));
        var bus = aws.Services.GetRequiredService<IBus>();

        var firstRun = Guid.NewGuid();
        var observation = Observation(firstRun);
        await bus.Publish(observation);
        await bus.Publish(Completed(firstRun));
        var opened = await recorder.Next<FindingOpened>(f => f.Finding.TenantId == Tenant, "the finding opened");
        await recorder.Next<IdentitiesSettled>(s => s.SyncRunId == firstRun, "first run settled");

        using var correlationApi = correlation.CreateClientFor(Tenant, "reader");
        using var findingsApi = findings.CreateClientFor(Tenant, "reader");
        var identityId = opened.Finding.IdentityId!.Value;
        var timelineBefore = await TimelineAsync(correlationApi, identityId);
        var historyBefore = await findingsApi.GetStringAsync($"/api/v1/findings/{opened.Finding.FindingId}");

        // The same batch again, as RabbitMQ redelivers it after a lost ack; then an unchanged second complete run.
        await bus.Publish(observation);
        var secondRun = Guid.NewGuid();
        await bus.Publish(observation with { SyncRunId = secondRun, CorrelationId = secondRun });
        await bus.Publish(Completed(secondRun));
        await recorder.Next<IdentitiesSettled>(s => s.SyncRunId == secondRun, "second run settled");

        Assert.Equal("iam-user-without-mfa", opened.Finding.RuleId);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", opened.Finding.ResourceArn);
        Assert.Equal(timelineBefore, await TimelineAsync(correlationApi, identityId));
        Assert.Single(recorder.All<FindingOpened>(), f => f.Finding.TenantId == Tenant);
        var page = await findingsApi.GetFromJsonAsync<FindingsPage>("/api/v1/findings?status=open");
        Assert.Single(page!.Items);
        Assert.Equal(StripLastSeen(historyBefore), StripLastSeen(await findingsApi.GetStringAsync($"/api/v1/findings/{opened.Finding.FindingId}")));
    }

    private static async Task<string[]> TimelineAsync(HttpClient api, Guid identityId)
    {
        var entries = await api.GetFromJsonAsync<TimelineEntry[]>($"/api/v1/identities/{identityId}/timeline");
        return [.. entries!.Select(e => $"{e.Version}:{e.Type}")];
    }

    private static string StripLastSeen(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"lastSeenAt\":\"[^\"]*\"", "");

    private static AwsIdentitiesObserved Observation(Guid run) => new()
    {
        TenantId = Tenant,
        CorrelationId = run,
        SyncRunId = run,
        AccountId = AccountId,
        Partition = "aws",
        ObservedAt = DateTimeOffset.UtcNow,
        Users =
        [
            new IamUserObservation
            {
                UserName = "alice",
                UserId = "AIDAALICE0000000001",
                Arn = $"arn:aws:iam::{AccountId}:user/alice",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-10),
                Credentials = new CredentialReportRow { PasswordEnabled = true, MfaActive = false },
            },
        ],
    };

    private static AwsSyncCompleted Completed(Guid run) => new()
    {
        TenantId = Tenant,
        CorrelationId = run,
        SyncRunId = run,
        ConnectionId = Guid.Empty,
        AccountId = AccountId,
        StartedAt = DateTimeOffset.UtcNow,
        CompletedAt = DateTimeOffset.UtcNow,
        Complete = true,
        UserCount = 1,
        BatchCount = 1,
    };

    private sealed record TimelineEntry(long Version, string Type);

    private sealed record FindingsPage(IReadOnlyList<FindingDetails> Items, string? NextCursor);
}
