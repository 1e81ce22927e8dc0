using System.Net;
using System.Net.Http.Json;
using Thalian.Contracts.Findings;
using Thalian.Testing;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class ScenarioTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    [Fact]
    public async Task Each_rule_fires_on_its_identity_and_never_on_the_look_alikes()
    {
        var tenant = "scn-" + Guid.NewGuid().ToString("N")[..8];
        var now = fx.Clock.GetUtcNow();
        using var client = fx.ClientFor(tenant);
        using var settings = await client.PutAsJsonAsync("/api/v1/settings", new { trustedAccountIds = new[] { Scenario.Trusted } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        await fx.Next<TenantSettingsChanged>(e => e.TenantId == tenant, "settings applied");

        var scenario = new Scenario(tenant, now).Build();
        await fx.Publish(Messages.IdpSettled(tenant, Guid.NewGuid(), complete: true, now));
        await fx.Publish(Messages.AwsSettled(tenant, complete: true, now) with { SourceId = Scenario.Sister });
        foreach (var message in scenario.Messages)
        {
            await fx.Publish((dynamic)message);
        }
        await fx.Publish(Messages.AwsSettled(tenant, complete: true, now) with { SourceId = Scenario.Main });

        var actual = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            await Eventually.True(async () =>
            {
                var page = await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?status=open&limit=500");
                actual = new SortedSet<string>(page!.Items.Select(Key), StringComparer.Ordinal);
                return actual.SetEquals(scenario.Expected);
            }, within: TimeSpan.FromSeconds(45), what: "the expected open findings");
        }
        catch (TimeoutException)
        {
            // Fall through to the assertion, which shows the difference.
        }
        Assert.Equal(scenario.Expected, actual);
        await Eventually.True(() => Task.FromResult(scenario.Expected.IsSubsetOf(fx.All<FindingOpened>(e => e.Finding.TenantId == tenant).Select(e => Key(e.Finding)))),
            what: "a FindingOpened on the bus for every expected finding");
        Assert.Equal(scenario.Expected, new SortedSet<string>(fx.All<FindingOpened>(e => e.Finding.TenantId == tenant).Select(e => Key(e.Finding)), StringComparer.Ordinal));
        var summary = await client.GetFromJsonAsync<SummaryWithNotApplicable>("/api/v1/findings/summary");
        var notApplicable = Assert.Single(summary!.NotApplicable);
        Assert.Equal((Scenario.Sister, "root-without-mfa"), (notApplicable.AccountId, notApplicable.RuleId));
        Assert.Contains("organisation-managed root", notApplicable.Reason, StringComparison.Ordinal);
    }

    private sealed record SummaryWithNotApplicable(IReadOnlyList<NotApplicableDto> NotApplicable);

    private sealed record NotApplicableDto(string AccountId, string RuleId, string Reason);

    private static string Key(FindingDetails f) =>
        f.ResourceType == "access-key" ? $"{f.RuleId} {f.ResourceArn} key{f.Evidence["keySlot"]}" : $"{f.RuleId} {f.ResourceArn}";
}
