using System.Net;
using System.Net.Http.Json;
using Thalian.Findings.Detecting;
using Thalian.Testing;
using static Thalian.Findings.Tests.Lifecycle.Messages;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class ActivityAndExportTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    [Fact]
    public async Task Activity_counts_opened_and_resolved_per_day_and_lists_what_changed_since_yesterday()
    {
        var tenant = "act-" + Guid.NewGuid().ToString("N")[..8];
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        foreach (var name in new[] { "lena", "marc" })
        {
            await fx.Publish(User(tenant, Guid.NewGuid(), name, 1, Unmatched, fx.Clock.GetUtcNow()));
        }
        using var client = fx.ClientFor(tenant);
        await Eventually.True(async () => (await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?status=open"))!.Items.Count == 2,
            what: "two open findings");
        var lena = (await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings?q=lena"))!.Items.Single();
        using var suppressed = await client.PostAsJsonAsync($"/api/v1/findings/{lena.FindingId}/suppress", new { reason = "known" });
        Assert.Equal(HttpStatusCode.OK, suppressed.StatusCode);

        var activity = await client.GetFromJsonAsync<ActivityDto>("/api/v1/findings/activity?days=7");

        Assert.Equal(7, activity!.Days.Count);
        Assert.Equal(DateOnly.FromDateTime(fx.Clock.GetUtcNow().UtcDateTime), activity.Days[^1].Date);
        Assert.Equal(2, activity.Days[^1].Opened);
        Assert.Equal(0, activity.Days.Sum(d => d.Resolved));
        Assert.Equal(0, activity.Days.SkipLast(1).Sum(d => d.Opened));
        Assert.Equal(3, activity.ChangeCount);
        Assert.Equal("suppressed", activity.Changes[0].Transition);
        Assert.Equal(lena.FindingId, activity.Changes[0].FindingId);
        using var stranger = fx.ClientFor("act-someone-else");
        Assert.Equal(0, (await stranger.GetFromJsonAsync<ActivityDto>("/api/v1/findings/activity"))!.ChangeCount);
        using var invalid = await client.GetAsync("/api/v1/findings/activity?days=0");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Export_writes_every_finding_of_the_filtered_view_as_csv_and_the_summary_ranks_identities()
    {
        var tenant = "csv-" + Guid.NewGuid().ToString("N")[..8];
        await fx.Publish(IdpSettled(tenant, Guid.NewGuid(), complete: true, fx.Clock.GetUtcNow()));
        foreach (var name in new[] { "nina", "otto", "pia" })
        {
            await fx.Publish(User(tenant, Guid.NewGuid(), name, 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        }
        using var client = fx.ClientFor(tenant);
        await Eventually.True(async () => (await client.GetFromJsonAsync<FindingPageDto>("/api/v1/findings"))!.Items.Count == 6, what: "six findings");

        using var response = await client.GetAsync($"/api/v1/findings/export?rule={RuleIds.UserNotInIdp}&sort=severity");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("findingId,ruleId,severity,status,title,accountId", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains($",{RuleIds.UserNotInIdp},", l, StringComparison.Ordinal));
        var top = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/findings/summary")).GetProperty("topIdentities");
        Assert.Equal(3, top.GetArrayLength());
        Assert.All(top.EnumerateArray(), t => Assert.Equal(2, t.GetProperty("open").GetInt32()));
    }
}

public sealed record ActivityDayDto(DateOnly Date, int Opened, int Resolved);

public sealed record ActivityChangeDto(Guid FindingId, string RuleId, string Transition, DateTimeOffset OccurredAt);

public sealed record ActivityDto(List<ActivityDayDto> Days, DateTimeOffset ChangesSince, List<ActivityChangeDto> Changes, int ChangeCount);
