using System.Net;
using System.Net.Http.Json;
using Thalian.Contracts.Findings;
using Thalian.Findings.Detecting;
using Thalian.Testing;
using static Thalian.Findings.Tests.Lifecycle.Messages;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class SettingsAndQueryTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    private static string NewTenant() => "set-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Settings_default_validate_and_a_change_re_evaluates_and_is_published()
    {
        var tenant = NewTenant();
        using var admin = fx.ClientFor(tenant);
        var defaults = await admin.GetFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/settings");
        Assert.Equal(90, defaults!["staleKeyDays"].GetInt32());
        Assert.Equal(90, defaults["rootUseWindowDays"].GetInt32());
        Assert.Equal("thalian:service-account", defaults["serviceAccountTagKey"].GetString());

        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        await fx.Publish(User(tenant, Guid.NewGuid(), "svc-deploy", 1, Unmatched, fx.Clock.GetUtcNow()));
        var opened = await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserNotInIdp, "opened");

        using var invalid = await admin.PutAsJsonAsync("/api/v1/settings", new
        {
            staleKeyDays = 0,
            serviceAccountPathPrefixes = new[] { "service" },
            trustedAccountIds = new[] { "12345" },
            exclusions = new[] { new { userArn = "arn:aws:iam::123456789012:user/x", owner = "", reason = "bot" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Equal(["exclusions[0]", "serviceAccountPathPrefixes", "staleKeyDays", "trustedAccountIds"], problem!.Errors.Keys.Order());

        using var malformed = await admin.PutAsync("/api/v1/settings", new StringContent("{\"staleKeyDays\": \"soon\"", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        using var viewer = fx.ClientFor(tenant, "viewer");
        using var forbidden = await viewer.PutAsJsonAsync("/api/v1/settings", new { staleKeyDays = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var saved = await admin.PutAsJsonAsync("/api/v1/settings", new { serviceAccountNamePatterns = new[] { "svc-*" }, staleKeyDays = 45 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var published = await fx.Next<TenantSettingsChanged>(e => e.TenantId == tenant, "settings published");
        Assert.Equal(["svc-*"], published.ServiceAccountNamePatterns);
        Assert.Equal(1, published.Version);
        var resolved = await fx.Next<FindingResolved>(e => e.Finding.FindingId == opened.Finding.FindingId, "service account resolved");
        Assert.Equal("condition-cleared", resolved.Reason);

        var rules = await admin.GetFromJsonAsync<List<RuleDto>>("/api/v1/rules");
        Assert.Equal(11, rules!.Count);
        Assert.Equal(45, rules.Single(r => r.Id == RuleIds.StaleAccessKey).Thresholds["staleKeyDays"]);
        Assert.All(rules, r => Assert.NotEmpty(r.RemediationCommands));
        Assert.Equal("CIS AWS Foundations v3.0.0 1.10", rules.Single(r => r.Id == RuleIds.UserWithoutMfa).Cis);
        Assert.Contains("o-*", rules.Single(r => r.Id == RuleIds.WildcardTrust).Description, StringComparison.Ordinal);
        Assert.Contains("GitHub Actions", rules.Single(r => r.Id == RuleIds.WildcardTrust).Description, StringComparison.Ordinal);
        Assert.Contains("no longer returns", rules.Single(r => r.Id == RuleIds.AdminNotInIdp).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_lists_and_exclusions_are_bounded_with_the_limit_in_words()
    {
        var tenant = NewTenant();
        using var admin = fx.ClientFor(tenant);
        var expires = fx.Clock.GetUtcNow().AddDays(30);

        using var tooMany = await admin.PutAsJsonAsync("/api/v1/settings", new
        {
            serviceAccountNamePatterns = Enumerable.Range(0, 101).Select(i => $"svc-{i}-*").ToArray(),
            personTagKeys = new[] { new string('k', 257) },
            exclusions = Enumerable.Range(0, 501).Select(i => new { userArn = $"arn:aws:iam::123456789012:user/u{i}", owner = "ops", reason = "bot", expiresAt = expires }).ToArray(),
        });
        var problem = await tooMany.Content.ReadFromJsonAsync<ValidationProblem>();
        using var atTheLimit = await admin.PutAsJsonAsync("/api/v1/settings", new
        {
            serviceAccountNamePatterns = Enumerable.Range(0, 100).Select(i => $"svc-{i}-*").ToArray(),
            exclusions = Enumerable.Range(0, 500).Select(i => new { userArn = $"arn:aws:iam::123456789012:user/u{i}", owner = "ops", reason = "bot", expiresAt = expires }).ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("At most 100 entries; this request has 101.", problem!.Errors["serviceAccountNamePatterns"].Single());
        Assert.Equal("Each entry is at most 256 characters.", problem.Errors["personTagKeys"].Single());
        Assert.Equal("At most 500 exclusions per tenant; this request has 501.", problem.Errors["exclusions"].Single());
        Assert.Equal(HttpStatusCode.OK, atTheLimit.StatusCode);
    }

    [Fact]
    public async Task Findings_filter_sort_page_and_summarise_per_tenant()
    {
        var tenant = NewTenant();
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        foreach (var name in new[] { "ivy", "jack", "kim" })
        {
            await fx.Publish(User(tenant, Guid.NewGuid(), name, 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        }
        using var client = fx.ClientFor(tenant);
        await Eventually.True(async () => (await client.GetFromJsonAsync<SummaryDto>("/api/v1/findings/summary"))!.Total == 6, what: "six findings");

        var summary = await client.GetFromJsonAsync<SummaryDto>("/api/v1/findings/summary");
        Assert.Equal(3, summary!.ByRule[RuleIds.UserNotInIdp]);
        Assert.Equal(3, summary.ByRule[RuleIds.UserWithoutMfa]);
        Assert.Equal(6, summary.BySeverity["high"]);
        Assert.Equal(6, summary.ByStatus["open"]);
        Assert.Equal(6, summary.ByAccount[Account]);
        Assert.True(summary.IdpRules.Active);

        var first = await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?limit=4&sort=-firstSeen");
        var second = await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?limit=4&sort=-firstSeen&cursor={Uri.EscapeDataString(first!.NextCursor!)}");
        Assert.Equal(4, first.Items.Count);
        Assert.Equal(2, second!.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Equal(6, first.Items.Concat(second.Items).Select(f => f.FindingId).Distinct().Count());

        var jack = await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?q=JACK");
        Assert.Equal(2, jack!.Items.Count);
        var byIdentity = await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?identity={jack.Items[0].IdentityId}&rule={RuleIds.UserWithoutMfa}");
        Assert.Single(byIdentity!.Items);
        var filtered = await client.GetFromJsonAsync<FindingPageDto>($"/api/v1/findings?status=resolved&account={Account}");
        Assert.Empty(filtered!.Items);

        using var badCursor = await client.GetAsync("/api/v1/findings?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        using var stranger = fx.ClientFor("someone-else");
        Assert.Empty((await stranger.GetFromJsonAsync<FindingPageDto>("/api/v1/findings"))!.Items);
        using var unknown = await stranger.GetAsync($"/api/v1/findings/{jack.Items[0].FindingId}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = fx.Service.CreateClient();
        using var unauthorised = await anonymous.GetAsync("/api/v1/findings");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }
}

public sealed record ValidationProblem(Dictionary<string, string[]> Errors);

public sealed record RuleDto(string Id, string Severity, string Description, IReadOnlyList<string> RemediationCommands, Dictionary<string, int> Thresholds, string? Cis);
