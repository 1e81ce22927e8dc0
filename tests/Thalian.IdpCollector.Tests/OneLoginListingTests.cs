using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

public sealed class OneLogin_listing(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private IDirectoryClient Client(string secret = "ol-secret", RequestStats? stats = null) =>
        fx.Client(IdpProviders.OneLogin, fx.OneLoginSettings, new ConnectionSecrets { ClientSecret = secret }, stats);

    [Fact]
    public async Task Lists_every_page_by_cursor()
    {
        fx.Use(new Scenario { OneLogin = Scenarios.OneLogin() });
        using var client = Client();

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(Scenarios.OneLoginCodes.Length, accounts.Count);
        Assert.Equal(["ol0", "ol0.sam"], accounts[0].Usernames);
        Assert.True(fx.Emulator.State.Requests["onelogin"] >= 5, "a token and 13 users at 4 per page");
    }

    [Fact]
    public async Task Wrong_client_credentials_are_a_credentials_failure()
    {
        fx.Use(new Scenario { OneLogin = Scenarios.OneLogin() });
        using var client = Client("wrong");

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
    }

    [Fact]
    public async Task Throttled_pages_wait_the_seconds_remaining_and_finish()
    {
        var ol = Scenarios.OneLogin();
        ol.Faults = [new FaultSpec("throttle", Page: 2, Times: 3)];
        fx.Use(new Scenario { OneLogin = ol });
        var stats = new RequestStats();
        using var client = Client(stats: stats);

        Assert.Equal(Scenarios.OneLoginCodes.Length, (await EmulatorFixture.ListAsync(client)).Count);
        Assert.Equal(3, stats.Throttled);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("malformed")]
    public async Task A_page_failing_in_the_middle_fails_the_listing(string kind)
    {
        var ol = Scenarios.OneLogin();
        ol.Faults = [new FaultSpec(kind, Page: 3)];
        fx.Use(new Scenario { OneLogin = ol });
        using var client = Client();

        await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));
    }
}
