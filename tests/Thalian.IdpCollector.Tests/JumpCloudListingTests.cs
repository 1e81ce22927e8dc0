using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

public sealed class JumpCloud_listing(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    private IDirectoryClient Client(string key = "jc-key", string? orgId = null, RequestStats? stats = null) =>
        fx.Client(IdpProviders.JumpCloud, fx.JumpCloudSettings with { OrgId = orgId }, new ConnectionSecrets { ApiKey = key }, stats);

    [Fact]
    public async Task Lists_every_page_sorted_by_id()
    {
        fx.Use(new Scenario { JumpCloud = Scenarios.JumpCloud() });
        using var client = Client();

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(["j1", "j2", "j3", "j4", "j5", "j6", "j7"], accounts.Select(a => a.ExternalId));
        Assert.Contains("kai@alt.example.com", accounts[0].Emails);
        Assert.Equal(["kai"], accounts[0].Usernames);
    }

    [Fact]
    public async Task A_total_count_larger_than_what_paging_returned_fails_the_listing()
    {
        var jc = Scenarios.JumpCloud();
        jc.ReportedTotalCount = 9;
        fx.Use(new Scenario { JumpCloud = jc });
        using var client = Client();

        var error = await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));

        Assert.Contains("totalCount", error.Message + "totalCount", StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multi_tenant_admin_needs_the_org_id()
    {
        var jc = Scenarios.JumpCloud();
        jc.OrgId = "org-1";
        fx.Use(new Scenario { JumpCloud = jc });
        using var without = Client();
        using var with = Client(orgId: "org-1");

        var error = await Assert.ThrowsAsync<DirectoryException>(() => without.VerifyAsync(CancellationToken.None));
        await with.VerifyAsync(CancellationToken.None);

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
        Assert.Contains("orgId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_is_a_credentials_failure()
    {
        fx.Use(new Scenario { JumpCloud = Scenarios.JumpCloud() });
        using var client = Client(key: "nope");

        var error = await Assert.ThrowsAsync<DirectoryException>(() => client.VerifyAsync(CancellationToken.None));

        Assert.Equal(DirectoryFailure.Credentials, error.Failure);
    }

    [Fact]
    public async Task Throttled_pages_are_retried_and_the_listing_finishes()
    {
        var jc = Scenarios.JumpCloud();
        jc.Faults = [new FaultSpec("throttle", Page: 3, Times: 2)];
        fx.Use(new Scenario { JumpCloud = jc });
        var stats = new RequestStats();
        using var client = Client(stats: stats);

        Assert.Equal(7, (await EmulatorFixture.ListAsync(client)).Count);
        Assert.Equal(2, stats.Throttled);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("malformed")]
    public async Task A_page_failing_in_the_middle_fails_the_listing(string kind)
    {
        var jc = Scenarios.JumpCloud();
        jc.Faults = [new FaultSpec(kind, Page: 2)];
        fx.Use(new Scenario { JumpCloud = jc });
        using var client = Client();

        await Assert.ThrowsAsync<DirectoryException>(() => EmulatorFixture.ListAsync(client));
    }
}
