using System.Net;
using Thalian.Contracts.Correlation;
using Thalian.Correlation.Identifying;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class TenantIsolationAndListingTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 7, 6, 7, 0, 0, TimeSpan.Zero);

    private async Task SyncAsync(string tenant, int users)
    {
        var run = Guid.NewGuid();
        var okta = Guid.NewGuid();
        var idpRun = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, idpRun, Start, [Okta("00u1", "user1@corp.com")]), IdpCompleted(tenant, okta, idpRun, Start.AddMinutes(-1), 1));
        await host.SettledAsync(idpRun);
        await host.PublishAsync(AwsBatch(tenant, run, Start, [.. Enumerable.Range(1, users).Select(i => User($"user{i}"))], [Role("deployer")]),
            AccountPosture(tenant, run, Start), AwsCompleted(tenant, run, Start.AddMinutes(-1), 1));
        await host.SettledAsync(run);
    }

    [Fact]
    public async Task Two_tenants_with_identical_data_never_see_each_others_identities()
    {
        var (a, b) = (CorrelationHost.NewTenant(), CorrelationHost.NewTenant());
        await SyncAsync(a, 3);
        await SyncAsync(b, 3);
        using var clientA = host.Service.CreateClientFor(a, "viewer");
        using var clientB = host.Service.CreateClientFor(b, "viewer");
        await Eventually.True(async () => (await clientA.GetJsonAsync("/api/v1/identities")).GetProperty("items").GetArrayLength() == 6, what: "tenant A's identities");

        var listA = (await clientA.GetJsonAsync("/api/v1/identities")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        var listB = (await clientB.GetJsonAsync("/api/v1/identities")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(6, listA.Count); // 3 users, 1 role, 1 account, 1 IdP account
        Assert.Equal(6, listB.Count);
        Assert.Empty(listA.Intersect(listB));
        var userOfB = StreamIds.IamUser(b, Account, User("user1").UserId);
        Assert.Contains(userOfB, listB);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/v1/identities/{userOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/v1/identities/{userOfB}/timeline")).StatusCode);
        Assert.Equal(3, (await host.EventsAsync(a, e => e.Data is TrackingIamUsers.IamUserCreated)).Count);
        Assert.All(host.Outgoing.All<IamUserChanged>().Where(u => u.IdentityId == userOfB), u => Assert.Equal(b, u.TenantId));
    }

    [Fact]
    public async Task The_list_filters_and_pages_with_a_cursor()
    {
        var tenant = CorrelationHost.NewTenant();
        await SyncAsync(tenant, 5);
        using var client = host.Service.CreateClientFor(tenant, "viewer");

        var linked = (await client.GetJsonAsync("/api/v1/identities?kind=iam-user&link=linked")).GetProperty("items");
        Assert.Equal("user1", Assert.Single(linked.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(4, (await client.GetJsonAsync("/api/v1/identities?link=unmatched")).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await client.GetJsonAsync("/api/v1/identities?kind=idp-account&lifecycle=Active")).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await client.GetJsonAsync($"/api/v1/identities?kind=iam-role&account={Account}")).GetProperty("items").GetArrayLength());

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/identities?kind=iam-user&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(["user1", "user2", "user3", "user4", "user5"], names);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/identities?kind=group")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/identities?cursor=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/identities/{Guid.NewGuid()}?asOf=yesterday")).StatusCode);
    }
}
