using System.Net.Http.Json;
using Thalian.Contracts.Aws;
using Thalian.Contracts.Findings;
using Thalian.Findings.Detecting;
using Thalian.Testing;
using static Thalian.Findings.Tests.Lifecycle.Messages;

namespace Thalian.Findings.Tests.Lifecycle;

/// <summary>Time-based rules age on settled markers, without any identity change; only complete AWS syncs resolve.</summary>
public sealed class AgingTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    [Fact]
    public async Task A_settled_marker_ages_keys_and_root_use_and_only_a_complete_one_resolves()
    {
        var tenant = "age-" + Guid.NewGuid().ToString("N")[..8];
        var now = fx.Clock.GetUtcNow();
        var key = User(tenant, Guid.NewGuid(), "nina", 1, Linked(), now);
        // The console password without MFA gives a finding that shows the user was evaluated before the clock moves.
        key = key with
        {
            User = key.User with { Credentials = new CredentialReportRow { PasswordEnabled = true, AccessKey1 = new() { Active = true, LastRotated = now.AddDays(-89) } } },
        };
        await fx.Publish(key);
        await fx.Publish(Root(tenant, Guid.NewGuid(), 1, now, new RootActivity(now.AddDays(-89), "ConsoleLogin", "us-east-1", null, true, "r-1")));
        var root = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.RootRecentlyUsed, "root opened");
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "user evaluated");
        using var client = fx.ClientFor(tenant);
        Assert.Empty((await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?rule={RuleIds.StaleAccessKey}"))!.Items);

        fx.Clock.Advance(TimeSpan.FromDays(2));
        await fx.Publish(AwsSettled(tenant, complete: false, fx.Clock.GetUtcNow()));
        var stale = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.StaleAccessKey, "key aged into stale");
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.KeyNotRotated, "key aged into not rotated");
        Assert.Equal("nina", stale.Finding.Evidence["userName"]);
        Assert.Empty(fx.All<FindingResolved>(e => e.Finding.FindingId == root.Finding.FindingId));
        var rootNow = await client.GetFromJsonAsync<FindingDetailDto>($"/api/v1/findings/{root.Finding.FindingId}");
        Assert.Equal("open", rootNow!.Finding.Status);

        await fx.Publish(AwsSettled(tenant, complete: true, fx.Clock.GetUtcNow()));
        var resolved = await fx.Next<FindingResolved>(e => e.Finding.FindingId == root.Finding.FindingId, "root use aged out on a complete sync");
        Assert.Equal("condition-cleared", resolved.Reason);
    }

    [Fact]
    public async Task Removing_the_aws_connection_resolves_its_findings_as_resource_gone()
    {
        var tenant = "age-" + Guid.NewGuid().ToString("N")[..8];
        await fx.Publish(User(tenant, Guid.NewGuid(), "omar", 1, Linked(), fx.Clock.GetUtcNow(), password: true));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "opened");

        await fx.Publish(new AwsConnectionRemoved(tenant, Guid.NewGuid(), Account, fx.Clock.GetUtcNow()));
        var resolved = await fx.Next<FindingResolved>(e => e.Finding.FindingId == opened.Finding.FindingId, "resolved");
        Assert.Equal("resource-gone", resolved.Reason);
    }

    [Fact]
    public async Task Removing_the_incomplete_idp_lets_the_complete_one_decide()
    {
        var tenant = "age-" + Guid.NewGuid().ToString("N")[..8];
        var broken = Guid.NewGuid();
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        await fx.Publish(IdpSettled(tenant, broken, complete: false, fx.Clock.GetUtcNow()));
        using var client = fx.ClientFor(tenant);
        await Eventually.True(async () => (await client.GetFromJsonAsync<SummaryDto>("/api/v1/findings/summary"))!.IdpRules.ConnectedDirectories == 2,
            what: "both directories known");
        await fx.Publish(User(tenant, Guid.NewGuid(), "pia", 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "pia evaluated");
        Assert.Empty((await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?rule={RuleIds.UserNotInIdp}"))!.Items);

        await fx.Publish(new Thalian.Contracts.Idp.IdpConnectionRemoved(tenant, broken, "okta", fx.Clock.GetUtcNow()));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserNotInIdp, "pia not in IdP");
        Assert.Equal("arn:aws:iam::123456789012:user/pia", opened.Finding.ResourceArn);
    }
}
