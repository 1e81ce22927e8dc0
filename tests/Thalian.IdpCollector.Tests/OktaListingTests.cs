using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

public sealed class Okta_listing(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private IDirectoryClient Ssws(RequestStats? stats = null) =>
        fx.Client(IdpProviders.Okta, fx.OktaSettings, new ConnectionSecrets { ApiToken = "okta-test-token" }, stats);

    [Fact]
    public async Task Lists_every_page_and_the_deprovisioned_pass()
    {
        fx.Use(new Scenario { Okta = Scenarios.Okta() });
        using var client = Ssws();

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(Scenarios.OktaStatuses.Length + 1, accounts.Count);
        Assert.Equal(2, accounts.Count(a => a.Pass == "deprovisioned" && a.Lifecycle == IdpLifecycle.Deprovisioned));
        Assert.Equal(4, fx.Emulator.State.Requests["okta"]); // 9 live users at 3 per page, then one filtered page
        var ana = accounts.Single(a => a.ExternalId == "00u0");
        Assert.Equal("okta0@example.com", ana.PrimaryEmail);
        Assert.Contains("okta0@example.com", ana.Usernames);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), ana.StatusChangedAt);
    }

    [Fact]
    public async Task Service_app_with_private_key_jwt_and_dpop_lists_the_same_directory()
    {
        fx.Use(new Scenario { Okta = Scenarios.Okta(requireDpop: true) });
        using var client = fx.Client(IdpProviders.Okta, fx.OktaSettings, new ConnectionSecrets { PrivateKey = TestKeys.PrivatePem });

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(Scenarios.OktaStatuses.Length + 1, accounts.Count);
    }

    [Fact]
    public async Task A_wrong_private_key_is_a_credentials_failure()
    {
        fx.Use(new Scenario { Okta = Scenarios.Okta() });
        using var client = fx.Client(IdpProviders.Okta, fx.OktaSettings, new ConnectionSecrets { PrivateKey = TestKeys.OtherPrivatePem });

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_api_token_is_a_credentials_failure()
    {
        fx.Use(new Scenario { Okta = Scenarios.Okta() });
        using var client = fx.Client(IdpProviders.Okta, fx.OktaSettings, new ConnectionSecrets { ApiToken = "revoked" });

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
    }

    [Fact]
    public async Task Throttled_pages_wait_for_the_reset_and_finish()
    {
        var okta = Scenarios.Okta();
        okta.Faults = [new FaultSpec("throttle", Page: 2, Times: 2), new FaultSpec("throttle", Page: 1, Pass: "deprovisioned")];
        fx.Use(new Scenario { Okta = okta });
        var stats = new RequestStats();
        using var client = Ssws(stats);

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(Scenarios.OktaStatuses.Length + 1, accounts.Count);
        Assert.Equal(3, stats.Throttled);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_rather_than_followed_with_the_token()
    {
        var okta = Scenarios.Okta();
        okta.Faults = [new FaultSpec("foreignLink", Page: 1)];
        fx.Use(new Scenario { Okta = okta });
        using var client = Ssws();

        var error = await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));

        Assert.Contains("attacker.invalid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error", "main")]
    [InlineData("malformed", "main")]
    [InlineData("error", "deprovisioned")]
    public async Task A_page_failing_in_the_middle_fails_the_listing(string kind, string pass)
    {
        var okta = Scenarios.Okta();
        okta.Faults = [new FaultSpec(kind, Page: pass == "main" ? 2 : 1, Pass: pass)];
        fx.Use(new Scenario { Okta = okta });
        using var client = Ssws();

        var error = await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));

        Assert.Contains("Okta", error.Message, StringComparison.Ordinal);
    }
}
