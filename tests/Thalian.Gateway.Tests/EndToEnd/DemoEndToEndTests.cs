using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Thalian.Demo;
using Thalian.Gateway.Tenancy;
using Thalian.Testing;
using Xunit.Abstractions;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>
/// The demo, end to end: the Kestrel Dynamics scenario in both emulators, every service on real PostgreSQL and RabbitMQ,
/// the two AWS accounts and five IdPs connected through the gateway exactly as the demo driver does, and the complete set
/// of open findings compared with deploy/demo/expected-findings.json.
/// </summary>
public sealed class When_the_demo_runs_end_to_end_through_the_gateway(ITestOutputHelper output) : IsolatedInfrastructure
{
    [Fact]
    public async Task The_open_findings_are_exactly_the_expected_ones()
    {
        var options = new DemoOptions();
        await using var emulators = await DemoEmulators.StartAsync(options.DemoDir);
        await using var platform = await DemoPlatform.StartAsync(this, emulators);
        var directory = platform.Gateway.Services.GetRequiredService<TenantDirectory>();
        var tenant = await directory.CreateTenantAsync("Kestrel Dynamics (demo)", CancellationToken.None);
        var (_, key) = await directory.CreateKeyAsync(tenant.Id, "demo", Roles.Admin, null, "test", CancellationToken.None);
        using var api = platform.Gateway.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        options = options with { AwsEmulator = emulators.Aws, IdpEmulator = emulators.Idp, IdpEmulatorHttps = emulators.IdpHttps };

        await Connecting.ConnectAllAsync(api, options);
        await Settling.WaitForFirstSyncsAsync(api, expected: 7, TimeSpan.FromMinutes(3));
        var expected = Reporting.ExpectedKeys(Path.Combine(options.DemoDir, "expected-findings.json"));
        var findings = await Settling.WaitForFindingsAsync(api, TimeSpan.FromMinutes(3),
            f => f.Count == expected.Count && f.Select(x => x.Key).ToHashSet().SetEquals(expected));

        output.WriteLine(string.Join(Environment.NewLine, findings.Select(f => $"{f.Key}  {f.Summary}")));
        Assert.Equal(expected.Order(StringComparer.Ordinal), findings.Select(f => f.Key).Order(StringComparer.Ordinal));
    }
}
