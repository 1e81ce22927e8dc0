using System.Net;
using System.Net.Http.Json;
using Thalian.Contracts.Findings;
using Thalian.Findings.Detecting;
using static Thalian.Findings.Tests.Lifecycle.Messages;

namespace Thalian.Findings.Tests.Lifecycle;

public sealed class SuppressionTests(FindingsFixture fx) : IClassFixture<FindingsFixture>
{
    private async Task<FindingOpened> OpenOne(string tenant, string name)
    {
        await fx.Publish(User(tenant, Guid.NewGuid(), name, 1, Unmatched, fx.Clock.GetUtcNow(), password: true));
        return await fx.Next<FindingOpened>(e => e.Finding.TenantId == tenant && e.Finding.RuleId == RuleIds.UserWithoutMfa, "opened");
    }

    [Fact]
    public async Task Suppression_with_expiry_lapses_and_the_finding_is_open_again()
    {
        var tenant = "sup-" + Guid.NewGuid().ToString("N")[..8];
        var opened = await OpenOne(tenant, "gina");
        using var client = fx.ClientFor(tenant);
        var expiresAt = fx.Clock.GetUtcNow().AddHours(1);

        using var response = await client.PostAsJsonAsync($"/api/v1/findings/{opened.Finding.FindingId}/suppress",
            new { reason = "break-glass user, reviewed quarterly", expiresAt });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var suppressed = await fx.Next<FindingSuppressed>(e => e.Finding.FindingId == opened.Finding.FindingId, "suppressed");
        Assert.Equal("test:admin", suppressed.SuppressedBy);
        Assert.Equal("suppressed", suppressed.Finding.Status);

        // Re-evaluation while suppressed keeps it suppressed.
        await fx.Publish(User(tenant, opened.Finding.IdentityId!.Value, "gina", 2, Unmatched, fx.Clock.GetUtcNow(), password: true));

        fx.Clock.Advance(TimeSpan.FromHours(2));
        var lapsed = await fx.Next<FindingUnsuppressed>(e => e.Finding.FindingId == opened.Finding.FindingId, "suppression lapsed");
        Assert.True(lapsed.Automatic);
        Assert.Equal("open", lapsed.Finding.Status);

        var detail = await client.GetFromJsonAsync<FindingDetailDto>($"/api/v1/findings/{opened.Finding.FindingId}");
        Assert.Equal(["opened", "suppressed", "unsuppressed"], detail!.History.Select(h => h.Transition));
        Assert.Equal("open", detail.Finding.Status);
    }

    [Fact]
    public async Task Manual_unsuppress_and_invalid_requests()
    {
        var tenant = "sup-" + Guid.NewGuid().ToString("N")[..8];
        var opened = await OpenOne(tenant, "hank");
        var id = opened.Finding.FindingId;
        using var admin = fx.ClientFor(tenant);
        using var viewer = fx.ClientFor(tenant, "viewer");
        using var stranger = fx.ClientFor("other-tenant");

        using var noReason = await admin.PostAsJsonAsync($"/api/v1/findings/{id}/suppress", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType!.MediaType);
        using var pastExpiry = await admin.PostAsJsonAsync($"/api/v1/findings/{id}/suppress", new { reason = "x", expiresAt = fx.Clock.GetUtcNow().AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, pastExpiry.StatusCode);
        using var notAdmin = await viewer.PostAsJsonAsync($"/api/v1/findings/{id}/suppress", new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        using var otherTenant = await stranger.PostAsJsonAsync($"/api/v1/findings/{id}/suppress", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        using var notSuppressed = await admin.PostAsync($"/api/v1/findings/{id}/unsuppress", null);
        Assert.Equal(HttpStatusCode.Conflict, notSuppressed.StatusCode);

        using var ok = await admin.PostAsJsonAsync($"/api/v1/findings/{id}/suppress", new { reason = "accepted risk" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var lifted = await admin.PostAsync($"/api/v1/findings/{id}/unsuppress", null);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        var unsuppressed = await fx.Next<FindingUnsuppressed>(e => e.Finding.FindingId == id, "unsuppressed");
        Assert.False(unsuppressed.Automatic);
        Assert.Equal("test:admin", unsuppressed.UnsuppressedBy);
    }
}
