using Thalian.Contracts.Correlation;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Matching;
using Thalian.Correlation.TrackingIamUsers;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Unit;

public sealed class IdentityMatcherTests
{
    private static readonly Guid OktaId = Guid.NewGuid();
    private static readonly Guid GoogleId = Guid.NewGuid();
    private static readonly IReadOnlyList<string> TagKeys = MatchSettings.DefaultPersonTagKeys;

    private static IdpCandidate Candidate(Guid connection, string provider, IdpAccountObservation account, bool removed = false) => new(
        new LinkedIdpAccount(connection, provider, account.ExternalId, account.PrimaryEmail, account.Lifecycle, account.RawStatus, null, removed),
        MatchKeys.ForIdpAccount(provider, account));

    private static readonly IReadOnlyList<IdpCandidate> Directory =
    [
        Candidate(OktaId, IdpProviders.Okta, Okta("o-alice", "alice@corp.com", aliases: ["ali@corp.com"])),
        Candidate(OktaId, IdpProviders.Okta, Okta("o-dave1", "dave@corp.com")),
        Candidate(OktaId, IdpProviders.Okta, Okta("o-dave2", "dave@corp.io")),
        Candidate(GoogleId, IdpProviders.GoogleWorkspace, new() { ExternalId = "g-bob", Lifecycle = IdpLifecycle.Active, RawStatus = "active", PrimaryEmail = "bob@corp.com" }),
        Candidate(GoogleId, IdpProviders.GoogleWorkspace, new() { ExternalId = "g-alice", Lifecycle = IdpLifecycle.Suspended, RawStatus = "suspended", PrimaryEmail = "alice@corp.com" }),
    ];

    private static IdpMatch Match(string name, IReadOnlyDictionary<string, string>? tags = null, ExplicitIdpMapping? mapping = null, bool connected = true) =>
        IdentityMatcher.Match(User(name, tags: tags), mapping, TagKeys, connected, Directory);

    [Fact]
    public void Email_is_trimmed_case_folded_and_nfkc_normalised_and_links_one_account_per_idp()
    {
        var match = Match("  ＡＬＩＣＥ@Corp.COM");
        Assert.Equal(("linked", "email", "high"), (match.State, match.Method, match.Confidence));
        Assert.Equal(["g-alice", "o-alice"], match.Accounts.Select(a => a.ExternalId).Order().ToList());
        Assert.Equal("o-alice", Assert.Single(Match("ali@corp.com").Accounts).ExternalId);
    }

    [Fact]
    public void Usernames_include_okta_login_local_part_and_google_primary_local_part()
    {
        Assert.Equal(("username", "g-bob"), (Match("bob").Method, Match("bob").Accounts.Single().ExternalId));
        var dave = Match("dave");
        Assert.Equal("ambiguous", dave.State);
        Assert.Equal(2, dave.Accounts.Count);
    }

    [Fact]
    public void A_tag_wins_over_the_name_and_explicit_wins_over_everything()
    {
        var tagged = Match("bob", new Dictionary<string, string> { ["IDP-User"] = "ali@corp.com" });
        Assert.Equal(("tag", "o-alice"), (tagged.Method, tagged.Accounts.Single().ExternalId));
        var mapped = Match("bob", mapping: new ExplicitIdpMapping(OktaId, "o-dave2", "admin", DateTimeOffset.UnixEpoch));
        Assert.Equal(("explicit", "o-dave2"), (mapped.Method, mapped.Accounts.Single().ExternalId));
        var missing = Match("bob", mapping: new ExplicitIdpMapping(OktaId, "gone", "admin", DateTimeOffset.UnixEpoch));
        Assert.Equal("username", missing.Method);
        Assert.Contains(missing.Attempts, a => a.StartsWith("explicit", StringComparison.Ordinal));
    }

    [Fact]
    public void Plus_addresses_match_with_low_confidence_only_after_exact_email_fails()
    {
        var plus = Match("bob+aws@corp.com");
        Assert.Equal(("linked", "plus-address", "low"), (plus.State, plus.Method, plus.Confidence));
        Assert.Equal("unmatched", Match("nobody@corp.com").State);
        Assert.Equal("no-idp", Match("bob", connected: false).State);
    }

    [Fact]
    public void Removed_accounts_only_match_when_nothing_current_does()
    {
        IReadOnlyList<IdpCandidate> directory =
        [
            Candidate(OktaId, IdpProviders.Okta, Okta("old", "erin@corp.com"), removed: true),
            Candidate(OktaId, IdpProviders.Okta, Okta("new", "erin@corp.com")),
        ];
        Assert.Equal("new", IdentityMatcher.Match(User("erin@corp.com"), null, TagKeys, true, directory).Accounts.Single().ExternalId);
        Assert.True(IdentityMatcher.Match(User("erin@corp.com"), null, TagKeys, true, [directory[0]]).Accounts.Single().Removed);
    }
}

public sealed class LinkRulesTests
{
    private static readonly LinkedIdpAccount Alice = new(Guid.NewGuid(), "okta", "o-alice", "alice@corp.com", IdpLifecycle.Active, "ACTIVE", null, false);
    private static readonly IdpMatch Linked = new("linked", "email", "high", [Alice], []);
    private static readonly IdpMatch Unmatched = new("unmatched", null, null, [], ["email: none"]);
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Without_complete_evidence_a_link_is_kept_but_its_account_refreshed()
    {
        var fresh = Alice with { Lifecycle = IdpLifecycle.Deprovisioned, RawStatus = "DEPROVISIONED" };
        var events = LinkRules.Decide(Linked, Unmatched, new Dictionary<string, LinkedIdpAccount> { ["x"] = fresh, [Matching.IdpMatches.AccountKey(Alice.ConnectionId, Alice.ExternalId)] = fresh }, false, "t", At, null);
        var changed = Assert.IsType<LinkedIdpAccountChanged>(Assert.Single(events));
        Assert.Equal(IdpLifecycle.Deprovisioned, changed.Match.Accounts.Single().Lifecycle);
    }

    [Fact]
    public void With_complete_evidence_a_lost_match_unlinks_and_an_unchanged_one_appends_nothing()
    {
        Assert.IsType<IamUserUnlinked>(Assert.Single(LinkRules.Decide(Linked, Unmatched, new Dictionary<string, LinkedIdpAccount>(), true, "t", At, null)));
        Assert.Empty(LinkRules.Decide(Linked, Linked with { Attempts = ["different words"] }, new Dictionary<string, LinkedIdpAccount>(), true, "t", At, null));
        Assert.IsType<IamUserLinkedToIdpAccount>(Assert.Single(LinkRules.Decide(Unmatched, Linked, new Dictionary<string, LinkedIdpAccount>(), false, "t", At, null)));
        Assert.IsType<IamUserMatchStateChanged>(Assert.Single(LinkRules.Decide(Matching.IdpMatches.NoIdp, Unmatched, new Dictionary<string, LinkedIdpAccount>(), false, "t", At, null)));
    }
}
