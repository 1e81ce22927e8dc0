using System.Net;
using Thalian.Contracts.Correlation;
using Thalian.Contracts.Findings;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Testing;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Integration;

public sealed class MatchingTests(CorrelationHost host) : IClassFixture<CorrelationHost>
{
    private static readonly DateTimeOffset Start = new(2026, 8, 3, 7, 0, 0, TimeSpan.Zero);

    private static IdpAccountObservation Entra(string id, string upn, string nickname) => new()
    {
        ExternalId = id, Lifecycle = IdpLifecycle.Suspended, RawStatus = "accountEnabled=false", PrimaryEmail = upn, Usernames = [upn, nickname],
    };

    private async Task<(string Tenant, Guid Okta, Guid Entra)> ConnectIdpsAsync()
    {
        var tenant = CorrelationHost.NewTenant();
        var (okta, entra) = (Guid.NewGuid(), Guid.NewGuid());
        var (oktaRun, entraRun) = (Guid.NewGuid(), Guid.NewGuid());
        await host.PublishAsync(
            IdpBatch(tenant, okta, oktaRun, Start, [
                Okta("o-alice", "alice@corp.com", aliases: ["alice.smith@corp.com"]),
                Okta("o-bob", "bob@corp.com"),
                Okta("o-carol", "carol@corp.com"),
                Okta("o-dave1", "dave@corp.com"),
                Okta("o-dave2", "dave@corp.io"),
                Okta("o-erin", "erin@corp.com"),
                Okta("o-frank", "frank@corp.com"),
            ]),
            IdpCompleted(tenant, okta, oktaRun, Start.AddMinutes(-1), 1),
            IdpBatch(tenant, entra, entraRun, Start, [Entra("e-alice", "alice@corp.com", "asmith")], IdpProviders.Entra),
            IdpCompleted(tenant, entra, entraRun, Start.AddMinutes(-1), 1, provider: IdpProviders.Entra));
        await host.SettledAsync(oktaRun);
        await host.SettledAsync(entraRun);
        return (tenant, okta, entra);
    }

    private async Task<Dictionary<string, IamUser>> SyncUsersAsync(string tenant, params Contracts.Aws.IamUserObservation[] users)
    {
        var run = Guid.NewGuid();
        await host.PublishAsync(AwsBatch(tenant, run, Start.AddHours(1), users), AwsCompleted(tenant, run, Start.AddMinutes(59), 1));
        await host.SettledAsync(run);
        var loaded = new Dictionary<string, IamUser>();
        foreach (var user in users)
        {
            loaded[user.UserName] = (await host.LoadAsync<IamUser>(tenant, StreamIds.IamUser(tenant, Account, user.UserId)))!;
        }
        return loaded;
    }

    [Fact]
    public async Task Every_method_links_with_its_confidence_across_all_idps_and_a_shared_username_is_ambiguous()
    {
        var (tenant, okta, entra) = await ConnectIdpsAsync();
        var users = await SyncUsersAsync(tenant,
            User(" ALICE@Corp.com"), User("alice.smith@corp.com"), User("bob"), User("carol+aws@corp.com"), User("dave"),
            User("svc-deploy", tags: new Dictionary<string, string> { ["Email"] = "Erin@corp.com" }), User("ｆｒａｎｋ@corp.com"),
            User("mallory"), User("asmith"));

        AssertLinked(users[" ALICE@Corp.com"], "email", "high", "o-alice", "e-alice");
        AssertLinked(users["alice.smith@corp.com"], "email", "high", "o-alice");
        AssertLinked(users["bob"], "username", "high", "o-bob");
        AssertLinked(users["carol+aws@corp.com"], "plus-address", "low", "o-carol");
        AssertLinked(users["svc-deploy"], "tag", "high", "o-erin");
        AssertLinked(users["ｆｒａｎｋ@corp.com"], "email", "high", "o-frank");
        AssertLinked(users["asmith"], "username", "high", "e-alice");
        var dave = users["dave"];
        Assert.Equal("ambiguous", dave.Match.State);
        Assert.Equal(["o-dave1", "o-dave2"], dave.Match.Accounts.Select(a => a.ExternalId).Order().ToList());
        Assert.Equal("unmatched", users["mallory"].Match.State);
        Assert.NotEmpty(users["mallory"].Match.Attempts);
        Assert.Contains(users[" ALICE@Corp.com"].Match.Accounts, a => a.ConnectionId == entra && a.Lifecycle == IdpLifecycle.Suspended);
        Assert.Contains(users[" ALICE@Corp.com"].Match.Accounts, a => a.ConnectionId == okta && a.Lifecycle == IdpLifecycle.Active);
    }

    [Fact]
    public async Task An_admin_maps_a_user_explicitly_and_clearing_the_mapping_returns_to_automatic_matching()
    {
        var (tenant, okta, _) = await ConnectIdpsAsync();
        var mallory = User("mallory");
        await SyncUsersAsync(tenant, mallory);
        var id = StreamIds.IamUser(tenant, Account, mallory.UserId);

        using var viewer = host.Service.CreateClientFor(tenant, "viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutJsonAsync($"/api/v1/identities/{id}/idp-link", new { connectionId = okta, externalId = "o-erin" })).StatusCode);
        using var admin = host.Service.CreateClientFor(tenant, "admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutJsonAsync($"/api/v1/identities/{id}/idp-link", new { connectionId = okta, externalId = "nobody" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutJsonAsync($"/api/v1/identities/{id}/idp-link", new { externalId = "o-erin" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutJsonAsync($"/api/v1/identities/{Guid.NewGuid()}/idp-link", new { connectionId = okta, externalId = "o-erin" })).StatusCode);

        using var set = await admin.PutJsonAsync($"/api/v1/identities/{id}/idp-link", new { connectionId = okta, externalId = "o-erin" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        AssertLinked((await host.LoadAsync<IamUser>(tenant, id))!, "explicit", "high", "o-erin");
        var published = await Eventually.Get(() => Task.FromResult(host.Outgoing.All<IamUserChanged>().FirstOrDefault(u => u.IdentityId == id && u.Match.Method == "explicit")));
        Assert.Contains("IamUserLinkedToIdpAccount", published.Changes);

        using var cleared = await admin.DeleteAsync($"/api/v1/identities/{id}/idp-link");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var after = (await host.LoadAsync<IamUser>(tenant, id))!;
        Assert.Equal("unmatched", after.Match.State);
        Assert.Contains(await host.EventsAsync(tenant, e => e.StreamId == id), e => e.Data is IamUserUnlinked);
    }

    [Fact]
    public async Task Changed_person_tag_keys_from_the_tenant_settings_relink_users()
    {
        var (tenant, _, _) = await ConnectIdpsAsync();
        var svc = User("svc-deploy", tags: new Dictionary<string, string> { ["email"] = "erin@corp.com", ["owner"] = "bob@corp.com" });
        await SyncUsersAsync(tenant, svc);
        var id = StreamIds.IamUser(tenant, Account, svc.UserId);
        AssertLinked((await host.LoadAsync<IamUser>(tenant, id))!, "tag", "high", "o-erin");

        await host.PublishAsync(new TenantSettingsChanged { TenantId = tenant, ChangedAt = Start.AddDays(1), Version = 2, PersonTagKeys = ["owner"] });
        await Eventually.True(async () => (await host.LoadAsync<IamUser>(tenant, id))!.Match.Accounts.Any(a => a.ExternalId == "o-bob"), what: "re-linked by the owner tag");
        // An older settings message arriving late changes nothing.
        await host.PublishAsync(new TenantSettingsChanged { TenantId = tenant, ChangedAt = Start, Version = 1 });
        await Task.Delay(500);
        AssertLinked((await host.LoadAsync<IamUser>(tenant, id))!, "tag", "high", "o-bob");
    }

    [Fact]
    public async Task A_new_idp_account_links_an_existing_unmatched_user()
    {
        var (tenant, okta, _) = await ConnectIdpsAsync();
        var grace = User("grace");
        await SyncUsersAsync(tenant, grace);
        var id = StreamIds.IamUser(tenant, Account, grace.UserId);
        Assert.Equal("unmatched", (await host.LoadAsync<IamUser>(tenant, id))!.Match.State);

        var run = Guid.NewGuid();
        await host.PublishAsync(IdpBatch(tenant, okta, run, Start.AddDays(1), [Okta("o-grace", "grace@corp.com")]),
            IdpCompleted(tenant, okta, run, Start.AddDays(1).AddMinutes(-1), 1, complete: false));
        await Eventually.True(async () => (await host.LoadAsync<IamUser>(tenant, id))!.Match.State == "linked", what: "grace linked");
        AssertLinked((await host.LoadAsync<IamUser>(tenant, id))!, "username", "high", "o-grace");
    }

    private static void AssertLinked(IamUser user, string method, string confidence, params string[] externalIds)
    {
        Assert.Equal("linked", user.Match.State);
        Assert.Equal(method, user.Match.Method);
        Assert.Equal(confidence, user.Match.Confidence);
        Assert.Equal(externalIds.Order().ToList(), user.Match.Accounts.Select(a => a.ExternalId).Order().ToList());
    }
}
