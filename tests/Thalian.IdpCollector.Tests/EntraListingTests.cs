using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

public sealed class Entra_listing(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private IDirectoryClient Secret(string secret = "entra-secret", RequestStats? stats = null) =>
        fx.Client(IdpProviders.Entra, fx.EntraSettings, new ConnectionSecrets { ClientSecret = secret }, stats);

    [Fact]
    public async Task Lists_users_and_soft_deleted_users_across_pages()
    {
        fx.Use(new Scenario { Entra = Scenarios.Entra() });
        using var client = Secret();

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(8, accounts.Count);
        Assert.Equal(3, accounts.Count(a => a.Lifecycle == IdpLifecycle.Deprovisioned && a.Pass == "deleted"));
        var ann = accounts.Single(a => a.ExternalId == "e1");
        Assert.Equal(IdpLifecycle.Active, ann.Lifecycle);
        Assert.Equal("ann@example.com", ann.PrimaryEmail);
        Assert.Contains("a@example.com", ann.Emails);
        Assert.Contains("ann.s", ann.Usernames);
        Assert.Equal(IdpLifecycle.Suspended, accounts.Single(a => a.ExternalId == "e2").Lifecycle);
        Assert.Equal(IdpLifecycle.Staged, accounts.Single(a => a.ExternalId == "e3").Lifecycle);
        Assert.True(accounts.Single(a => a.ExternalId == "e4").IsGuest);
        Assert.Equal(IdpLifecycle.Unknown, accounts.Single(a => a.ExternalId == "e5").Lifecycle);
    }

    [Fact]
    public async Task A_certificate_credential_lists_the_directory()
    {
        fx.Use(new Scenario { Entra = Scenarios.Entra() });
        using var client = fx.Client(IdpProviders.Entra, fx.EntraSettings, new ConnectionSecrets { Certificate = TestKeys.CertificatePem + TestKeys.PrivatePem });

        Assert.Equal(8, (await EmulatorFixture.ListAsync(client)).Count);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_credentials_failure()
    {
        fx.Use(new Scenario { Entra = Scenarios.Entra() });
        using var client = Secret("wrong");

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
        Assert.True(error.Message.Contains("AADSTS7000215", StringComparison.Ordinal), error.Message + " // " + error.InnerException?.Message);
    }

    [Fact]
    public async Task Throttled_pages_honour_retry_after_and_an_expired_page_token_restarts_the_pass()
    {
        var entra = Scenarios.Entra();
        entra.Faults = [new FaultSpec("throttle", Page: 2, Times: 2), new FaultSpec("expiredToken", Page: 2, Pass: "deleted", Times: 1)];
        fx.Use(new Scenario { Entra = entra });
        var stats = new RequestStats();
        using var client = Secret(stats: stats);

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(8, accounts.DistinctBy(a => a.ExternalId).Count());
        Assert.Equal(2, stats.Throttled);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("malformed")]
    [InlineData("forbidden")]
    public async Task A_page_failing_in_the_middle_fails_the_listing(string kind)
    {
        var entra = Scenarios.Entra();
        entra.Faults = [new FaultSpec(kind, Page: 2)];
        fx.Use(new Scenario { Entra = entra });
        using var client = Secret();

        await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));
    }
}
