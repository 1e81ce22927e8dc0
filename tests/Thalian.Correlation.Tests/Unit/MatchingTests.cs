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

    private static readonly DateTimeOffset RemovedAt = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    private static IdpCandidate Removed(Guid connection, IdpAccountObservation account)
    {
        var candidate = Candidate(connection, IdpProviders.Okta, account, removed: true);
        return candidate with { Account = candidate.Account with { RemovedAt = RemovedAt } };
    }

    private static IdpCandidate DeletedState(Guid connection, string id, string email) =>
        new IdpCandidate(
            new LinkedIdpAccount(connection, IdpProviders.Entra, id, email, IdpLifecycle.Deprovisioned, "deleted", null, false),
            MatchKeys.ForIdpAccount(IdpProviders.Entra, new() { ExternalId = id, Lifecycle = IdpLifecycle.Deprovisioned, RawStatus = "deleted", PrimaryEmail = email }),
            DeletedState: true);

    private static IdpCandidate Current(Guid connection, string id, string email) =>
        Candidate(connection, IdpProviders.Entra, new() { ExternalId = id, Lifecycle = IdpLifecycle.Active, RawStatus = "enabled", PrimaryEmail = email });

    private static IdpMatch MatchIn(string name, params IdpCandidate[] directory) => IdentityMatcher.Match(User(name), null, TagKeys, true, directory);

    [Fact]
    public void A_removed_account_never_matches_and_is_named_with_its_removal_time()
    {
        var match = MatchIn("erin@corp.com", Removed(OktaId, Okta("old", "erin@corp.com")));
        Assert.Equal("unmatched", match.State);
        var removed = Assert.Single(match.RemovedMatches!);
        Assert.Equal(("old", RemovedAt), (removed.ExternalId, removed.RemovedAt));
        Assert.Contains(match.Attempts, a => a.Contains("removed from the IdP", StringComparison.Ordinal) && a.Contains("2026-10-01", StringComparison.Ordinal));
    }

    [Fact]
    public void A_removed_account_beside_a_current_one_is_neither_a_match_nor_ambiguity()
    {
        var match = MatchIn("erin@corp.com", Removed(OktaId, Okta("old", "erin@corp.com")), Candidate(OktaId, IdpProviders.Okta, Okta("new", "erin@corp.com")));
        Assert.Equal(("linked", "new"), (match.State, match.Accounts.Single().ExternalId));
        Assert.Null(match.RemovedMatches);
    }

    [Fact]
    public void Two_removed_accounts_for_one_name_are_not_in_the_idp_not_ambiguous()
    {
        var match = MatchIn("dave", Removed(OktaId, Okta("d1", "dave@corp.com")), Removed(OktaId, Okta("d2", "dave@corp.io")));
        Assert.Equal("unmatched", match.State);
        Assert.Equal(2, match.RemovedMatches!.Count);
    }

    [Fact]
    public void A_removed_explicit_target_is_not_a_match_and_the_next_method_decides()
    {
        IReadOnlyList<IdpCandidate> directory = [Removed(OktaId, Okta("gone", "x@corp.com")), Candidate(OktaId, IdpProviders.Okta, Okta("o-bob", "bob@corp.com"))];
        var match = IdentityMatcher.Match(User("bob"), new ExplicitIdpMapping(OktaId, "gone", "admin", DateTimeOffset.UnixEpoch), TagKeys, true, directory);
        Assert.Equal(("username", "o-bob"), (match.Method, match.Accounts.Single().ExternalId));
    }

    [Fact]
    public void A_current_account_wins_over_deleted_state_ones_of_the_same_idp()
    {
        var entra = Guid.NewGuid();
        var match = MatchIn("erin@corp.com", DeletedState(entra, "e-old1", "erin@corp.com"), Current(entra, "e-new", "erin@corp.com"), DeletedState(entra, "e-old2", "erin@corp.com"));
        Assert.Equal(("linked", "e-new"), (match.State, match.Accounts.Single().ExternalId));
    }

    [Fact]
    public void Only_deleted_state_accounts_are_all_linked_so_the_person_counts_as_gone()
    {
        var entra = Guid.NewGuid();
        var match = MatchIn("erin@corp.com", DeletedState(entra, "e-old1", "erin@corp.com"), DeletedState(entra, "e-old2", "erin@corp.com"));
        Assert.Equal("linked", match.State);
        Assert.Equal(["e-old1", "e-old2"], match.Accounts.Select(a => a.ExternalId).ToList());
    }

    [Fact]
    public void Two_current_accounts_of_one_idp_stay_ambiguous_whatever_deleted_ones_exist()
    {
        var entra = Guid.NewGuid();
        var match = MatchIn("erin@corp.com", Current(entra, "e-1", "erin@corp.com"), Current(entra, "e-2", "erin@corp.com"), DeletedState(entra, "e-old", "erin@corp.com"));
        Assert.Equal("ambiguous", match.State);
        Assert.Equal(["e-1", "e-2"], match.Accounts.Select(a => a.ExternalId).ToList());
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
