using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

public sealed class Google_listing(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private IDirectoryClient Client(string? admin = null, string? key = null, RequestStats? stats = null) =>
        fx.Client(IdpProviders.GoogleWorkspace, fx.GoogleSettings with { AdminEmail = admin ?? "admin@example.com" },
            new ConnectionSecrets { ServiceAccountKey = key ?? EmulatorFixture.ServiceAccountKey(TestKeys.PrivatePem) }, stats);

    [Fact]
    public async Task Lists_users_and_the_show_deleted_pass_across_pages()
    {
        fx.Use(new Scenario { Google = Scenarios.Google() });
        using var client = Client();

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(7, accounts.Count);
        Assert.Equal(3, accounts.Count(a => a.Pass == "deleted" && a.Lifecycle == IdpLifecycle.Deprovisioned));
        var gia = accounts.Single(a => a.ExternalId == "g1");
        Assert.Equal(IdpLifecycle.Active, gia.Lifecycle);
        Assert.Equal(["g@example.com", "gia@example.test-google-a.com"], gia.Emails);
        Assert.Equal(IdpLifecycle.Suspended, accounts.Single(a => a.ExternalId == "g2").Lifecycle);
        Assert.Contains("ADMIN", accounts.Single(a => a.ExternalId == "g2").RawStatus, StringComparison.Ordinal);
        Assert.Equal(IdpLifecycle.Deprovisioned, accounts.Single(a => a.ExternalId == "g3").Lifecycle);
        Assert.True(accounts.Single(a => a.ExternalId == "g4").IsGuest);
    }

    [Fact]
    public async Task A_subject_that_is_not_an_admin_fails_with_a_delegation_message_and_is_not_retried()
    {
        fx.Use(new Scenario { Google = Scenarios.Google() });
        var stats = new RequestStats();
        using var client = Client(admin: "someone@example.com", stats: stats);

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Permission, error.Failure);
        Assert.Contains("delegation", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, stats.Requests);
    }

    [Fact]
    public async Task A_key_google_does_not_know_is_a_credentials_failure()
    {
        fx.Use(new Scenario { Google = Scenarios.Google() });
        using var client = Client(key: EmulatorFixture.ServiceAccountKey(TestKeys.OtherPrivatePem));

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
    }

    [Fact]
    public async Task Rate_limit_403s_are_backed_off_and_the_listing_finishes()
    {
        var google = Scenarios.Google();
        google.Faults = [new FaultSpec("throttle", Page: 2, Times: 2), new FaultSpec("throttle", Page: 1, Pass: "deleted")];
        fx.Use(new Scenario { Google = google });
        var stats = new RequestStats();
        using var client = Client(stats: stats);

        Assert.Equal(7, (await EmulatorFixture.ListAsync(client)).Count);
        Assert.Equal(3, stats.Throttled);
    }

    [Theory]
    [InlineData("error", "main")]
    [InlineData("malformed", "deleted")]
    public async Task A_page_failing_in_the_middle_fails_the_listing(string kind, string pass)
    {
        var google = Scenarios.Google();
        google.Faults = [new FaultSpec(kind, Page: 2, Pass: pass)];
        fx.Use(new Scenario { Google = google });
        using var client = Client();

        await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));
    }
}
